export type { CacheLookup, CacheStore } from "./cacheStore";
export { MemoryCacheStore } from "./memoryCacheStore";
export { RedisCacheStore } from "./redisCacheStore";
export { type CacheStoreStatus, ResilientCacheStore } from "./resilientCacheStore";
export { createCacheStore } from "./createCacheStore";
