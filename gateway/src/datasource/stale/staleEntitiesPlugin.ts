import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../../context";
import { staleEntityNotices } from "./staleEntitySource";

/**
 * Flags a response that contains stale entities: the data sources note each fetch they served
 * from the StaleEntitySource in the request's context, and this adds the notes to the response
 * as `extensions.staleEntities: [{ subgraph, reason, entities, ageMs }]`.
 */
export function staleEntitiesPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const notices = staleEntityNotices.of(contextValue);
          if (!notices.length || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, staleEntities: notices };
        },
      };
    },
  };
}
