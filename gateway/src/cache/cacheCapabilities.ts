import type { CapabilityFactory, SharedResource } from "../capability";
import { BackgroundInvalidations } from "./backgroundInvalidations";
import { CacheMetrics } from "./cacheMetrics";
import { EntityCache } from "./entityCache";
import { PersistedQueryCache } from "./persistedQueryCache";
import { recordFetchForCache } from "./requestCache";
import { createResponseCache } from "./responseCache";
import { createCacheStore, type ResilientCacheStore } from "./store";

/** The store every cache layer shares (Redis on REDIS_URL, else in memory), with the layers' counters. */
export const cacheResource: SharedResource<{ store: ResilientCacheStore; metrics: CacheMetrics }> = {
  name: "cache store",
  open: async ({ config, logger }) => ({ store: await createCacheStore(config.cache.redisUrl, logger, config.cache.keyPrefix), metrics: new CacheMetrics() }),
  close: ({ store }) => store.close(),
};

/**
 * Whole responses, in front of Apollo Server (createResponseCache); the fetch observer gathers
 * each request's tags and invalidations. Reports the store and every layer's counters in
 * `/health`'s `cache` section. With GATEWAY_CACHE off, no cache layer runs.
 */
export const responseCacheCapability: CapabilityFactory = async ({ config, logger, supergraph, shared }) => {
  if (!config.cache.enabled) return { name: "responseCache", health: { section: "cache", report: () => ({ enabled: false }) } };
  const { store, metrics } = await shared(cacheResource);
  return {
    name: "responseCache",
    intercept: { stage: "answer", interceptor: createResponseCache({ store, metrics, logger, supergraph }) },
    subgraphFetch: { observeFetch: recordFetchForCache },
    health: { section: "cache", report: () => ({ enabled: true, store: store.status(), layers: metrics.snapshot() }) },
  };
};

/** Entities cached one by one across queries, and served stale while their subgraph is unavailable (EntityCache). */
export const entityCacheCapability: CapabilityFactory = async ({ config, shared }) => {
  if (!config.cache.enabled) return undefined;
  const { store, metrics } = await shared(cacheResource);
  const entityCache = new EntityCache(store, metrics);
  return { name: "entityCache", subgraphFetch: { entityCache, staleEntities: entityCache } };
};

/** Automatic persisted queries on the shared store, unless a trusted manifest (operation limits) decides which operations exist. */
export const persistedQueriesCapability: CapabilityFactory = async ({ config, shared }) => {
  if (!config.cache.enabled || config.limits?.persistedOperationsPath) return undefined;
  const { store, metrics } = await shared(cacheResource);
  return { name: "persistedQueries", persistedQueries: { cache: new PersistedQueryCache(store, metrics) } };
};

/** With Redis, the tags subgraphs' background work publishes (no gateway request carries them) are invalidated (BackgroundInvalidations). */
export const backgroundInvalidationsCapability: CapabilityFactory = async ({ config, logger, shared }) => {
  if (!config.cache.enabled || !config.cache.redisUrl) return undefined;
  const invalidations = new BackgroundInvalidations({ redisUrl: config.cache.redisUrl, ...(await shared(cacheResource)), logger }).start();
  return {
    name: "backgroundInvalidations",
    health: { section: "cache", report: () => ({ backgroundInvalidations: invalidations.status() }) },
    close: () => invalidations.close(),
  };
};
