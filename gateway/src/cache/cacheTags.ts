import { entityTag } from "@platform/invalidation";

/**
 * The tags cached entries carry and mutations invalidate are the subgraphs' own
 * (platform/src/invalidation): `e:<typename>:<key>` per entity of an `_entities` fetch,
 * `r:<subgraph>` for whatever a root fetch returned. Subgraphs report the tags a mutation
 * changed in `extensions.invalidates`; the gateway tags what it caches with the same names.
 */
export { canonicalJson, entityTag, rootTag } from "@platform/invalidation";

/** The tag of an `_entities` representation: its typename and the rest of it (the key fields). */
export function representationTag(representation: Record<string, unknown>): string {
  const { __typename, ...key } = representation;
  return entityTag(String(__typename), key);
}
