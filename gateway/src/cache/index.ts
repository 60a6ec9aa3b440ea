export { CacheMetrics, type CacheLayer, type LayerCounters } from "./cacheMetrics";
export { canonicalJson, entityTag, representationTag, rootTag } from "./cacheTags";
export { EntityCache } from "./entityCache";
export { PersistedQueryCache } from "./persistedQueryCache";
export { cacheRecord, recordFetchForCache, type RequestCacheRecord } from "./requestCache";
export { createResponseCache, type ResponseCacheOutcome, responseCacheOutcome } from "./responseCache";
export { type CacheStore, type CacheStoreStatus, createCacheStore, MemoryCacheStore, RedisCacheStore, ResilientCacheStore } from "./store";
export { BackgroundInvalidations, type BackgroundInvalidationsOptions, type BackgroundInvalidationsStatus } from "./backgroundInvalidations";
