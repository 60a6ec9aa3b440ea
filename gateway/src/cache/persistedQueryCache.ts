import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import type { CacheMetrics } from "./cacheMetrics";
import type { CacheStore } from "./store";

/** How long a registered persisted query is kept when Apollo gives no TTL: a hash never changes meaning. */
const DEFAULT_TTL_SECONDS = 24 * 60 * 60;

/**
 * Apollo Server's automatic persisted queries over the gateway's store, so a query registered
 * through one gateway instance is known to all of them (with Redis).
 */
export class PersistedQueryCache implements KeyValueCache<string> {
  constructor(
    private readonly store: CacheStore,
    private readonly metrics: CacheMetrics,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const lookup = await this.store.lookup([`apq:${key}`]);
    this.metrics.count("apq", lookup.hit ? "hits" : "misses");
    return lookup.hit ? lookup.value : undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (await this.store.set(`apq:${key}`, value, options?.ttl ?? DEFAULT_TTL_SECONDS, [])) this.metrics.count("apq", "stores");
  }

  async delete(key: string): Promise<void> {
    await this.store.delete(`apq:${key}`);
  }
}
