import { type DocumentNode, getNullableType, type GraphQLCompositeType, type GraphQLField, type GraphQLSchema, isListType, type OperationDefinitionNode } from "graphql";
import { type ComplexityEstimator, getComplexity } from "graphql-query-complexity";

/** The arguments that bound how many items a list or a connection returns. */
export const PAGE_SIZE_ARGUMENTS = ["first", "last", "limit", "take"] as const;

/** Past this many selections (fragments expanded) the cost is not worked out: the operation is refused as too costly. */
export const MAX_COUNTED_SELECTIONS = 100_000;

export interface OperationCostOptions {
  /** What a list (or a paginated field) without a page-size argument is assumed to hold. */
  defaultListSize: number;
}

export type OperationCost = { cost: number } | { tooManySelections: true };

/**
 * What the operation costs: each field 1, plus its sub-selection's cost times the number of items
 * it may return. That number is the field's `first`/`last`/`limit`/`take` argument (a literal or a
 * variable); `defaultListSize` for a list, or a field that takes such an argument, given none; 1
 * otherwise. A connection's `edges` list is the page its field already paid for (1). Fields
 * under `@skip(if: true)` or `@include(if: false)` cost nothing; of a union or interface's
 * fragments, the most expensive type's is counted.
 *
 * Worked through by graphql-query-complexity (fragments, variables, directives and abstract types),
 * with the estimator below. Throws the variables' coercion error when they do not fit the
 * operation: the request fails on it later anyway.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  options: OperationCostOptions,
): OperationCost {
  try {
    return {
      cost: getComplexity({
        schema,
        query: document,
        operationName: operation.name?.value,
        variables,
        estimators: [listMultiplyingEstimator(options.defaultListSize)],
        maxQueryNodes: MAX_COUNTED_SELECTIONS,
      }),
    };
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return { tooManySelections: true };
    throw error;
  }
}

function listMultiplyingEstimator(defaultListSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name === "__schema" || field.name === "__type") return 0; // answered by the gateway, refused in production
    return 1 + itemCount(type, field, args, defaultListSize) * childComplexity;
  };
}

function itemCount(parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, defaultListSize: number): number {
  const pageSize = PAGE_SIZE_ARGUMENTS.map((name) => args[name]).find((value): value is number => typeof value === "number");
  if (pageSize !== undefined) return Math.max(0, pageSize);
  if (field.args.some((argument) => (PAGE_SIZE_ARGUMENTS as readonly string[]).includes(argument.name))) return defaultListSize;
  if (!isListType(getNullableType(field.type))) return 1;
  return isConnection(parent) ? 1 : defaultListSize;
}

/** A Relay-style connection type (`ProductConnection`): its lists hold the page its field asked for. */
function isConnection(type: GraphQLCompositeType): boolean {
  return type.name.endsWith("Connection");
}
