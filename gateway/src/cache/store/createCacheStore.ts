import type { Logger } from "@platform/logging";
import { MemoryCacheStore } from "./memoryCacheStore";
import { RedisCacheStore } from "./redisCacheStore";
import { ResilientCacheStore } from "./resilientCacheStore";

/**
 * Redis when `redisUrl` is given, an in-process LRU otherwise. A Redis that cannot be reached at
 * start does not stop the gateway: it starts serving without the cache, and caches once Redis answers.
 */
export async function createCacheStore(redisUrl: string | undefined, logger: Logger, keyPrefix?: string): Promise<ResilientCacheStore> {
  if (!redisUrl) return new ResilientCacheStore(new MemoryCacheStore(), logger);
  const redis = new RedisCacheStore(redisUrl, { prefix: keyPrefix });
  const store = new ResilientCacheStore(redis, logger);
  await store.start(() => redis.connect());
  return store;
}
