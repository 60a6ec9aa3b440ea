import { defineCacheHints } from "@subgraph-kit/cache";

/** The orders subgraph's cache hints, in seconds, with the shared `none` and `inherit`. */
export const CacheHint = defineCacheHints({
  /** Orders, and a customer's orders. */
  order: { maxAge: 30, scope: "PRIVATE" },
});
