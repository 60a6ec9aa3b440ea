export {
  CACHE_CONTROL_SDL,
  CacheControl,
  CacheHint,
  type CacheHintValue,
  cacheControlDirective,
  defineCacheHints,
  uncacheableMutationsPlugin,
} from "./cacheHints";
export { collectedInvalidations, collectInvalidations, invalidationsPlugin, reportInvalidation } from "./invalidations";
export {
  type BackgroundTaskRunner,
  createBackgroundTaskRunner,
  createInvalidationPublisher,
  DiscardingInvalidationPublisher,
  type InvalidationPublisher,
  RedisInvalidationPublisher,
} from "./backgroundInvalidations";
