/**
 * Cache invalidation tags, as the gateway computes them: an entity by its key (an `_entities`
 * representation without `__typename`), and everything a subgraph answered to root fields.
 */
export function entityTag(typename: string, key: Record<string, unknown>): string {
  return `e:${typename}:${canonicalJson(key)}`;
}

export function rootTag(subgraph: string): string {
  return `r:${subgraph}`;
}

/** JSON with every object's keys sorted, so one key always gives one tag. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
