import { GraphQLError } from "graphql";

/** The `extensions.code` of every refusal of this module; `extensions.limit` names the setting. */
export const LimitErrorCode = {
  OPERATION_LIMIT_EXCEEDED: "OPERATION_LIMIT_EXCEEDED",
  PERSISTED_QUERY_NOT_ALLOWED: "PERSISTED_QUERY_NOT_ALLOWED",
} as const;

/** The setting each limit is read from, which is also how a refusal names it. */
export type LimitName = "GATEWAY_MAX_DEPTH" | "GATEWAY_MAX_ALIASES" | "GATEWAY_MAX_COST" | "GATEWAY_MAX_DOCUMENT_BYTES";

const MEASURES: Record<LimitName, string> = {
  GATEWAY_MAX_DEPTH: "Operation depth",
  GATEWAY_MAX_ALIASES: "Operation aliases",
  GATEWAY_MAX_COST: "Operation cost",
  GATEWAY_MAX_DOCUMENT_BYTES: "Operation document size in bytes",
};

/** e.g. "Operation depth 14 exceeds the limit of 10 (GATEWAY_MAX_DEPTH)", answered 400. */
export function operationLimitExceeded(limit: LimitName, actual: number, max: number, detail?: string): GraphQLError {
  const message = `${MEASURES[limit]} ${actual} exceeds the limit of ${max} (${limit})${detail ? `: ${detail}` : ""}`;
  return new GraphQLError(message, {
    extensions: { code: LimitErrorCode.OPERATION_LIMIT_EXCEEDED, limit, max, actual, http: { status: 400 } },
  });
}

/** Persisted-operations-only mode refusing a document that is not in the trusted manifest, answered 400. */
export function persistedQueryNotAllowed(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: LimitErrorCode.PERSISTED_QUERY_NOT_ALLOWED, limit: "GATEWAY_PERSISTED_OPERATIONS", http: { status: 400 } },
  });
}
