import type { DocumentNode, OperationDefinitionNode } from "graphql";
import { foldOperation } from "./selectionFold";

/**
 * How many aliased fields the operation asks for, counting a fragment once per spread: an alias
 * is how one request asks for the same field many times over.
 */
export function operationAliases(document: DocumentNode, operation: OperationDefinitionNode): number {
  return foldOperation(document, operation, {
    field: (node, selection) => (node.alias ? 1 : 0) + selection,
    combine: (values) => values.reduce((sum, value) => sum + value, 0),
    empty: 0,
  });
}
