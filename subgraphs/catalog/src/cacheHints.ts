import { defineCacheHints } from "@subgraph-kit/cache";

/** The catalog subgraph's cache hints, in seconds, with the shared `none` and `inherit`. */
export const CacheHint = defineCacheHints({
  /** Products, variants, categories. */
  product: { maxAge: 300 },
  /** `price` and `prices`. */
  price: { maxAge: 60 },
});
