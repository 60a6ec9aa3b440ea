import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { operationLimitExceeded } from "./limitErrors";
import { operationAliases } from "./operationAliases";
import { MAX_COUNTED_SELECTIONS, operationCost } from "./operationCost";
import { operationDepth } from "./operationDepth";
import type { OperationLimits } from "./operationLimits";
import { notPersisted, type PersistedOperations } from "./persistedOperations";

export interface OperationLimitsPluginOptions {
  limits: Omit<OperationLimits, "persistedOperationsPath" | "bodyLimitBytes">;
  /** Persisted-operations-only mode: the trusted manifest. */
  persisted?: PersistedOperations;
}

/**
 * Holds every operation Apollo Server resolves to the gateway's limits before the query planner
 * or any subgraph sees it (in `didResolveOperation`, the first hook whose throw Apollo answers
 * with the error's status), each refusal a 400 naming the limit: persisted-operations-only mode
 * and document size (which operationLimitsInterceptor already checked on the raw request, before
 * parsing), then depth, aliases and cost of the selected operation, fragments expanded.
 */
export function operationLimitsPlugin({ limits, persisted }: OperationLimitsPluginOptions): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, queryHash, document, operation, schema, request }) {
          if (persisted && !persisted.has(queryHash)) throw notPersisted();
          const bytes = Buffer.byteLength(source, "utf8");
          if (bytes > limits.maxDocumentBytes) throw operationLimitExceeded("GATEWAY_MAX_DOCUMENT_BYTES", bytes, limits.maxDocumentBytes);
          if (!operation) return; // operationResolutionPlugin answers that

          const depth = operationDepth(document, operation);
          if (depth > limits.maxDepth) throw operationLimitExceeded("GATEWAY_MAX_DEPTH", depth, limits.maxDepth);
          const aliases = operationAliases(document, operation);
          if (aliases > limits.maxAliases) throw operationLimitExceeded("GATEWAY_MAX_ALIASES", aliases, limits.maxAliases);

          let cost;
          try {
            cost = operationCost(schema, document, operation, request.variables, limits);
          } catch {
            return; // variables that do not fit the operation: execution refuses them (400 BAD_USER_INPUT) before planning
          }
          if ("tooManySelections" in cost) {
            throw operationLimitExceeded("GATEWAY_MAX_COST", MAX_COUNTED_SELECTIONS, limits.maxCost, `more than ${MAX_COUNTED_SELECTIONS} selections once fragments are expanded`);
          }
          if (cost.cost > limits.maxCost) throw operationLimitExceeded("GATEWAY_MAX_COST", cost.cost, limits.maxCost);
        },
      };
    },
  };
}
