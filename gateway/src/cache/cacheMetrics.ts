export type CacheLayer = "response" | "entity" | "apq";

export interface LayerCounters {
  hits: number;
  misses: number;
  /** Entries written. */
  stores: number;
  /** Invalidation calls, and the entries they dropped. */
  invalidations: number;
  invalidated: number;
}

/** Counters per cache layer since start, for /health. */
export class CacheMetrics {
  private readonly layers = new Map<CacheLayer, LayerCounters>();

  count(layer: CacheLayer, counter: keyof LayerCounters, by = 1): void {
    const counters = this.layer(layer);
    counters[counter] += by;
  }

  snapshot(): Record<CacheLayer, LayerCounters & { hitRate: number | null }> {
    const result = {} as Record<CacheLayer, LayerCounters & { hitRate: number | null }>;
    for (const name of ["response", "entity", "apq"] as const) {
      const counters = this.layer(name);
      const lookups = counters.hits + counters.misses;
      result[name] = { ...counters, hitRate: lookups === 0 ? null : Math.round((counters.hits / lookups) * 1000) / 1000 };
    }
    return result;
  }

  private layer(layer: CacheLayer): LayerCounters {
    let counters = this.layers.get(layer);
    if (!counters) this.layers.set(layer, (counters = { hits: 0, misses: 0, stores: 0, invalidations: 0, invalidated: 0 }));
    return counters;
  }
}
