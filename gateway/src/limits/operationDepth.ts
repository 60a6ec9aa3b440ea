import type { DocumentNode, OperationDefinitionNode } from "graphql";
import { foldOperation, isIntrospectionField } from "./selectionFold";

/** How deep the operation's fields nest, fragments followed: `{ product { variants { sku } } }` is 3. */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  return foldOperation(document, operation, {
    field: (node, selection) => (isIntrospectionField(node) ? 0 : 1 + selection),
    combine: (values) => Math.max(0, ...values),
    empty: 0,
  });
}
