import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
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
  // Per API schema (a reload starts afresh), the measures of the operations seen lately.
  const measured = new WeakMap<GraphQLSchema, LRUCache<string, OperationMeasure>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, queryHash, document, operation, schema, request }) {
          if (persisted && !persisted.has(queryHash)) throw notPersisted();
          const bytes = Buffer.byteLength(source, "utf8");
          if (bytes > limits.maxDocumentBytes) throw operationLimitExceeded("GATEWAY_MAX_DOCUMENT_BYTES", bytes, limits.maxDocumentBytes);
          if (!operation) return; // operationResolutionPlugin answers that

          // The same document, operation and variables against the same schema always measure the
          // same: measured once, then read from the cache (a storefront sends a few documents).
          const variables = variablesKey(request.variables);
          const key = variables !== undefined && variables.length <= MAX_CACHED_VARIABLES_LENGTH ? `${queryHash}\n${operation.name?.value ?? ""}\n${variables}` : undefined;
          const measures = measured.get(schema) ?? measured.set(schema, new LRUCache({ max: MEASURED_OPERATIONS })).get(schema)!;
          let measure = key === undefined ? undefined : measures.get(key);
          if (!measure) {
            measure = measureOperation(schema, document, operation, request.variables, limits);
            if (key !== undefined) measures.set(key, measure);
          }
          if (measure.depth > limits.maxDepth) throw operationLimitExceeded("GATEWAY_MAX_DEPTH", measure.depth, limits.maxDepth);
          if (measure.aliases > limits.maxAliases) throw operationLimitExceeded("GATEWAY_MAX_ALIASES", measure.aliases, limits.maxAliases);
          const { cost } = measure;
          if (cost === undefined) return; // variables that do not fit the operation: execution refuses them (400 BAD_USER_INPUT) before planning
          if ("tooManySelections" in cost) {
            throw operationLimitExceeded("GATEWAY_MAX_COST", MAX_COUNTED_SELECTIONS, limits.maxCost, `more than ${MAX_COUNTED_SELECTIONS} selections once fragments are expanded`);
          }
          if (cost.cost > limits.maxCost) throw operationLimitExceeded("GATEWAY_MAX_COST", cost.cost, limits.maxCost);
        },
      };
    },
  };
}

/** Distinct operations (document, operation name, variables) whose measures a schema keeps. */
const MEASURED_OPERATIONS = 2000;
/** Longer variables are measured every time rather than kept as part of a key. */
const MAX_CACHED_VARIABLES_LENGTH = 2048;

interface OperationMeasure {
  depth: number;
  aliases: number;
  /** Undefined when the variables do not fit the operation. */
  cost: ReturnType<typeof operationCost> | undefined;
}

function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimitsPluginOptions["limits"],
): OperationMeasure {
  const depth = operationDepth(document, operation);
  const aliases = operationAliases(document, operation);
  // Cost is only worth measuring for an operation within the cheaper limits.
  if (depth > limits.maxDepth || aliases > limits.maxAliases) return { depth, aliases, cost: undefined };
  let cost: OperationMeasure["cost"];
  try {
    cost = operationCost(schema, document, operation, variables, limits);
  } catch {
    cost = undefined;
  }
  return { depth, aliases, cost };
}

/** The variables as part of a cache key ("" for none); undefined when they cannot be written (nested too deep): measured every time. */
function variablesKey(variables: Record<string, unknown> | undefined): string | undefined {
  if (!variables || Object.keys(variables).length === 0) return "";
  try {
    return JSON.stringify(variables);
  } catch {
    return undefined;
  }
}
