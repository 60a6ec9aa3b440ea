/** The `extensions.code` values clients can rely on, across every subgraph and the gateway. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  /** The request collides with one under way (a checkout with the same idempotency key); retry it. */
  CONFLICT: "CONFLICT",
  SUBGRAPH_UNAVAILABLE: "SUBGRAPH_UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
