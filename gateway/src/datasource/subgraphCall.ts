import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { type DocumentNode, Kind, type OperationDefinitionNode, type OperationTypeNode, parse, type SelectionSetNode } from "graphql";

type ResponsePath = readonly (string | number)[];
type SubgraphRequest = GraphQLDataSourceProcessOptions["request"];

/** What the data source needs to know about one fetch of a query plan. */
export interface SubgraphCall {
  /** query, mutation or subscription; undefined when the operation cannot be read (then it is never retried). */
  operation: OperationTypeNode | undefined;
  /** An `_entities` fetch's representations; undefined for a root fetch. */
  representations: Record<string, unknown>[] | undefined;
  /**
   * Where, in the subgraph's response, the parts this fetch would fill are: `["_entities", i]`
   * for each representation, or each root field's response name. Apollo Gateway maps such paths
   * onto the client's response (an entity's index becomes its full path, `["products", 3]`).
   */
  missingPaths(): ResponsePath[];
}

/**
 * Reads a fetch from the document the query planner attached to it (parsed once per plan), or
 * from the query text when there is none.
 */
export function describeSubgraphCall(request: SubgraphRequest, document: DocumentNode | undefined): SubgraphCall {
  const parsed = document ?? parseQuietly(request.query);
  const operation = parsed?.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const representations = request.variables?.representations;
  const entities = Array.isArray(representations) ? (representations as Record<string, unknown>[]) : undefined;
  return {
    operation: operation?.operation,
    representations: entities,
    missingPaths: () =>
      entities ? entities.map((_, index) => ["_entities", index]) : operation && parsed ? rootResponseNames(operation.selectionSet, parsed).map((name) => [name]) : [],
  };
}

/** The response names of an operation's root fields, through inline fragments and fragment spreads. */
function rootResponseNames(selectionSet: SelectionSetNode, document: DocumentNode, names = new Set<string>()): string[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== "__typename") names.add(selection.alias?.value ?? selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      rootResponseNames(selection.selectionSet, document, names);
    } else {
      const fragment = document.definitions.find((definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootResponseNames(fragment.selectionSet, document, names);
    }
  }
  return [...names];
}

function parseQuietly(query: string | undefined): DocumentNode | undefined {
  if (!query) return undefined;
  try {
    return parse(query, { noLocation: true });
  } catch {
    return undefined;
  }
}
