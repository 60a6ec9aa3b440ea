import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { operationLimitExceeded } from "./limitErrors";
import { operationAliases } from "./operationAliases";
import { MAX_COUNTED_SELECTIONS, operationCost } from "./operationCost";
import { operationDepth } from "./operationDepth";
import type { OperationLimits } from "./operationLimits";
import type { PersistedOperations } from "./persistedOperations";

export interface OperationLimitsPluginOptions {
  limits: Omit<OperationLimits, "persistedOperationsPath" | "bodyLimitBytes">;
  /** Persisted-operations-only mode: the trusted manifest. */
  persisted?: PersistedOperations;
}

/**
 * Holds every operation to the gateway's limits, each refusal a 400 naming the limit, before the
 * query planner or any subgraph sees it:
 *
 * - persisted-operations-only mode, when the request starts (before APQ resolves or registers a hash);
 * - the document's size, once its text is known (after APQ) and before it is parsed;
 * - depth, aliases and cost of the selected operation (fragments expanded), once it is resolved.
 *
 * A response the response cache answers never reaches Apollo Server: it was stored from an
 * answer to the same operation that passed these checks (on a gateway sharing the cache).
 */
export function operationLimitsPlugin({ limits, persisted }: OperationLimitsPluginOptions): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ request }) {
      persisted?.assertTrusted(request);
      return {
        async didResolveSource({ source }) {
          const bytes = Buffer.byteLength(source, "utf8");
          if (bytes > limits.maxDocumentBytes) throw operationLimitExceeded("GATEWAY_MAX_DOCUMENT_BYTES", bytes, limits.maxDocumentBytes);
        },
        async didResolveOperation({ document, operation, schema, request }) {
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
