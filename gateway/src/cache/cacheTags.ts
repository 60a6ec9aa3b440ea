/**
 * The tags cached entries carry and mutations invalidate. A subgraph reports the tags of what a
 * mutation changed (`extensions.invalidates`); the gateway tags what it caches with the same
 * names, from the fetches that filled it:
 * - an `_entities` fetch: one tag per representation, `e:<typename>:<key as canonical JSON>`;
 * - a root fetch: `r:<subgraph>` (a root field's answer can hold anything of that subgraph).
 */
export function entityTag(typename: string, key: Record<string, unknown>): string {
  return `e:${typename}:${canonicalJson(key)}`;
}

export function rootTag(subgraph: string): string {
  return `r:${subgraph}`;
}

/** The tag of an `_entities` representation: its typename and the rest of it (the key fields). */
export function representationTag(representation: Record<string, unknown>): string {
  const { __typename, ...key } = representation;
  return entityTag(String(__typename), key);
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
