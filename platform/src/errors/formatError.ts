import type { GraphQLFormattedError } from "graphql";
import { ApolloServerErrorCode, ApolloServerValidationErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { ErrorCode } from "./errorCodes";

const INTENDED_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  ...Object.values(ApolloServerErrorCode),
  ...Object.values(ApolloServerValidationErrorCode),
]);
INTENDED_CODES.delete(ErrorCode.INTERNAL_SERVER_ERROR);

/**
 * Apollo Server `formatError`. Errors raised on purpose (ours, or Apollo's request errors) pass
 * through. Anything else is an unexpected failure: it is reported to `onUnexpected` and, in
 * production, reduced to a generic INTERNAL_SERVER_ERROR so no internals leak to clients.
 */
export function createErrorFormatter(options: { production: boolean; onUnexpected?: (error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === "string" && INTENDED_CODES.has(code)) return formatted;

    options.onUnexpected?.(unwrapResolverError(error));
    if (!options.production) return formatted;
    return {
      message: "Internal server error",
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
