import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError, type ValidationRule } from "graphql";
import { createErrorFormatter } from "../../../subgraphs/shared/src/errors";

/**
 * Rejects an operation the schema has no root type for (`mutation` on a read-only graph) as a
 * validation error: graphql 17's KnownOperationTypesRule. graphql 16 only notices at execution,
 * where the gateway's query planner throws and Apollo Server would answer 500.
 */
export const KnownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`The ${node.operation} operation is not supported by the schema.`, { nodes: node }));
    }
  },
});

/**
 * An unknown `operationName`, or several operations and none named, answered 400
 * OPERATION_RESOLUTION_FAILURE: what Apollo Server does itself when it executes a schema. With
 * a gateway, the executor would throw instead and the client would see a 500.
 */
export function operationResolutionPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : "Must provide operation name if query contains multiple operations.";
          throw new GraphQLError(message, {
            extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
          });
        },
      };
    },
  };
}

/**
 * The shared error formatter (production masks unexpected errors), plus one rule: an error
 * Apollo Server answers with a 4xx status is about the request, so it is the client's to read.
 * One the gateway raised with its own code (an operation limit, ...) passes through as it is.
 * Apollo raises a few without a code (an APQ hash that does not match its query); they get
 * BAD_REQUEST instead of being masked as an internal error.
 */
export function createGatewayErrorFormatter(options: Parameters<typeof createErrorFormatter>[0]) {
  const format = createErrorFormatter(options);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (!isClientErrorStatus(error)) return format(formatted, error);
    const code = formatted.extensions?.code;
    if (code === undefined || code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR) {
      return { message: formatted.message, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } };
    }
    return formatted;
  };
}

function isClientErrorStatus(error: unknown): boolean {
  const status = (error as GraphQLError | undefined)?.extensions?.http as { status?: number } | undefined;
  return typeof status?.status === "number" && status.status >= 400 && status.status < 500;
}
