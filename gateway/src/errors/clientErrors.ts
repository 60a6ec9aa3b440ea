import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError, type OperationDefinitionNode, type ValidationRule, visit } from "graphql";
import { createErrorFormatter } from "@platform/errors";

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

const NUL = "\u0000";

/**
 * Refuses (400 BAD_USER_INPUT) an operation that passes the NUL character (U+0000) in a string
 * argument or in a variable it declares. No text field of the domain holds one, and PostgreSQL
 * cannot store or compare one: it would reach a subgraph's database and come back as an internal
 * error. Variables are walked without recursion (a hostile value may be nested thousands deep).
 */
export function nulCharacterPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, source }) {
          if (!operation) return;
          for (const definition of operation.variableDefinitions ?? []) {
            const name = definition.variable.name.value;
            if (containsNul(request.variables?.[name])) {
              throw nulRefused(`Variable "$${name}" contains the NUL character (U+0000), which no argument accepts.`, name);
            }
          }
          // A literal can only hold one through an escape (the parser refuses a raw one); the source text shows it.
          if (/\\u0000|\\u\{0+\}/i.test(source) && literalContainsNul(operation)) {
            throw nulRefused("A string argument contains the NUL character (U+0000), which no argument accepts.");
          }
        },
      };
    },
  };
}

function nulRefused(message: string, variable?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT, ...(variable ? { variable } : {}), http: { status: 400 } },
  });
}

function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") {
      if (next.includes(NUL)) return true;
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (next !== null && typeof next === "object") {
      for (const [key, item] of Object.entries(next)) {
        if (key.includes(NUL)) return true;
        pending.push(item);
      }
    }
  }
  return false;
}

function literalContainsNul(operation: OperationDefinitionNode): boolean {
  let found = false;
  visit(operation, {
    StringValue(node) {
      if (node.value.includes(NUL)) found = true;
    },
  });
  return found;
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
