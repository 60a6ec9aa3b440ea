import { defineCacheHints } from "@subgraph-kit/cache";

/** The customer subgraph's cache hints, in seconds, with the shared `none` and `inherit`. */
export const CacheHint = defineCacheHints({
  /** The customer and their account. */
  customer: { maxAge: 60, scope: "PRIVATE" },
  /** Touchpoints, shoppingStage, lastChannel. */
  journey: { maxAge: 30, scope: "PRIVATE" },
});
