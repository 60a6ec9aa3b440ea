import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { OperationTypeNode } from "graphql";
import { loggedOperationName } from "../requestLog";
import { activeSpan } from "./spans";

/**
 * Names the request's active span once Apollo Server has resolved the operation:
 * `spanName(type, name)`, with the operation's name bounded as in the logs (undefined when it has
 * none or it is not a GraphQL name), and sets `graphql.operation.type` and, with a name,
 * `graphql.operation.name`. Without tracing (no active span), nothing.
 */
export function operationSpanNamePlugin<TContext extends BaseContext>(spanName: (type: OperationTypeNode, name: string | undefined) => string): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, operation }) {
          const span = activeSpan();
          if (!span || !operation) return;
          const name = loggedOperationName(operationName);
          span.updateName(spanName(operation.operation, name));
          span.setAttribute("graphql.operation.type", operation.operation);
          if (name) span.setAttribute("graphql.operation.name", name);
        },
      };
    },
  };
}
