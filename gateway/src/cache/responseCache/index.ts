export { createResponseCache, type ResponseCacheOptions, type ResponseCacheOutcome, responseCacheOutcome } from "./responseCache";
export { responseCacheKeys, type ResponseCacheKeys } from "./responseCacheKeys";
export { readCachePolicy, cacheControlHeader, type ResponseCachePolicy } from "./cachePolicy";
