import { defineCacheHints } from "@subgraph-kit/cache";

/** The inventory subgraph's cache hints, in seconds, with the shared `none` and `inherit`. */
export const CacheHint = defineCacheHints({
  /** Stores and their opening hours. */
  store: { maxAge: 300 },
  /** Stock levels and shelf locations. Every change invalidates them by tag; the TTL is only a backstop. */
  stock: { maxAge: 30 },
});
