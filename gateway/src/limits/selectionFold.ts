import { type DocumentNode, type FieldNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

/** How a measure of an operation is built from its fields. */
export interface SelectionFold<T> {
  /** A field's value from its own node and its sub-selection's value (`empty` for a leaf). */
  field(node: FieldNode, selection: T): T;
  /** The value of several selections side by side. */
  combine(values: T[]): T;
  empty: T;
}

/**
 * Folds the operation's selections into one value, the fragments spread into it expanded in
 * place. Each fragment is folded once and reused wherever it is spread, so a document that
 * spreads fragments many times over costs its size, not its expansion; a spread of a fragment
 * that is still being folded (a cycle, which validation rejects anyway) counts as empty.
 */
export function foldOperation<T>(document: DocumentNode, operation: OperationDefinitionNode, fold: SelectionFold<T>): T {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const folded = new Map<string, T>();
  const inProgress = new Set<string>();

  const fragmentValue = (name: string): T => {
    const known = folded.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return fold.empty;
    inProgress.add(name);
    const value = selectionValue(fragment.selectionSet);
    inProgress.delete(name);
    folded.set(name, value);
    return value;
  };

  const selectionValue = (selectionSet: SelectionSetNode): T =>
    fold.combine(
      selectionSet.selections.map((selection) => {
        switch (selection.kind) {
          case Kind.FIELD:
            return fold.field(selection, selection.selectionSet ? selectionValue(selection.selectionSet) : fold.empty);
          case Kind.INLINE_FRAGMENT:
            return selectionValue(selection.selectionSet);
          case Kind.FRAGMENT_SPREAD:
            return fragmentValue(selection.name.value);
        }
      }),
    );

  return selectionValue(operation.selectionSet);
}

/** `__schema` and `__type`: answered by the gateway itself (and refused in production), so no limit counts them. */
export function isIntrospectionField(node: FieldNode): boolean {
  return node.name.value === "__schema" || node.name.value === "__type";
}
