import { types } from "node:util";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ErrorCode } from "@platform/errors";

/** Why the gateway got no answer from a subgraph: `extensions.reason` of SUBGRAPH_UNAVAILABLE. */
export type UnavailableReason = "circuit_open" | "timeout" | "connection_failed" | "http_5xx" | "deadline_exceeded";

const EXPLANATIONS: Record<UnavailableReason, string> = {
  circuit_open: "its circuit breaker is open",
  timeout: "it did not answer in time",
  connection_failed: "the connection failed",
  http_5xx: "it answered with a server error",
  deadline_exceeded: "the request's deadline was spent",
};

/**
 * A subgraph gave no usable answer. Carries `extensions: { code: "SUBGRAPH_UNAVAILABLE",
 * subgraph, reason }`; the data source turns it into one error per missing part of the response
 * (see ResilientDataSource), and Apollo Gateway gives each its path in the client's response.
 */
export class SubgraphUnavailableError extends GraphQLError {
  constructor(
    readonly subgraph: string,
    readonly reason: UnavailableReason,
    /** Technical detail for logs and the message (an error code, an HTTP status); no addresses. */
    readonly detail?: string,
    cause?: unknown,
  ) {
    super(`Subgraph "${subgraph}" is unavailable: ${EXPLANATIONS[reason]}${detail ? ` (${detail})` : ""}`, {
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph, reason },
      originalError: isError(cause) ? cause : undefined,
    });
    this.name = "SubgraphUnavailableError";
  }

  /**
   * This error as one entry of a subgraph response's `errors`, at `path` in that response
   * (`["_entities", 3]`, or a root field's response name). Apollo Gateway maps such paths onto
   * the client's response and keeps the extensions, adding `serviceName`.
   */
  toSubgraphResponseError(path?: readonly (string | number)[]): GraphQLFormattedError {
    return { message: this.message, ...(path ? { path } : {}), extensions: { ...this.extensions } };
  }
}

export function isSubgraphUnavailable(error: unknown): error is SubgraphUnavailableError {
  return error instanceof SubgraphUnavailableError;
}

/**
 * What the circuit breaker counts as a failure: the subgraph was called and did not answer
 * within its own timeout, or the connection failed, or it answered HTTP 5xx. A GraphQL error in
 * a 200, a 4xx, or a response the gateway cannot read are answers and do not count; nor does a
 * call cut short by the request's deadline before the subgraph's timeout, which says more about
 * the request (slow fetches before it) than about the subgraph.
 */
export function isSubgraphFailure(error: unknown): boolean {
  return isSubgraphUnavailable(error) && (error.reason === "timeout" || error.reason === "connection_failed" || error.reason === "http_5xx");
}

/** Failures worth another attempt of a query: the same as the breaker's. An open breaker or a spent deadline is not. */
export function isRetryable(error: unknown): boolean {
  return isSubgraphFailure(error);
}

/**
 * A transport error from the fetcher (undici's `TypeError: fetch failed` / `terminated` with a
 * socket error as its cause, or any error carrying a system error code) as connection_failed;
 * undefined for anything else, which is left as it was.
 */
export function connectionFailure(subgraph: string, error: unknown): SubgraphUnavailableError | undefined {
  const code = systemErrorCode(error);
  const undiciNetworkError = types.isNativeError(error) && error.name === "TypeError" && (error.message === "fetch failed" || error.message === "terminated");
  if (!code && !undiciNetworkError) return undefined;
  return new SubgraphUnavailableError(subgraph, "connection_failed", code, error);
}

/**
 * The innermost `code` such as ECONNREFUSED or UND_ERR_SOCKET along an error's cause chain. Errors
 * are recognised whatever realm made them (`isNativeError`, not `instanceof Error`): Node's own
 * socket errors are not instances of another context's `Error` (a test runner's sandbox).
 */
function systemErrorCode(error: unknown): string | undefined {
  let found: string | undefined;
  for (let current = error, depth = 0; isError(current) && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z0-9]+|UND_ERR_[A-Z_]+)$/.test(code)) found = code;
  }
  return found;
}

function isError(value: unknown): value is Error {
  return types.isNativeError(value) || value instanceof Error;
}
