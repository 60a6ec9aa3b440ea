export {
  CACHE_CONTROL_SDL,
  CacheControl,
  CacheHint,
  type CacheHintValue,
  cacheControlDirective,
  defineCacheHints,
  uncacheableMutationsPlugin,
} from "./cacheHints";
export { canonicalJson, entityTag, rootTag } from "./invalidationTags";
export { collectedInvalidations, collectInvalidations, invalidationsPlugin, reportInvalidation } from "./invalidations";
export {
  type BackgroundTaskRunner,
  createBackgroundTaskRunner,
  createInvalidationPublisher,
  DiscardingInvalidationPublisher,
  INVALIDATIONS_CHANNEL,
  type InvalidationMessage,
  type InvalidationPublisher,
  parseInvalidationMessage,
  RedisInvalidationPublisher,
} from "./backgroundInvalidations";
