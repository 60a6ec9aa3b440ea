export { createResponseCache, type ResponseCacheOptions } from "./responseCache";
export { responseCacheKeys, type ResponseCacheKeys } from "./responseCacheKeys";
export { readCachePolicy, cacheControlHeader, type ResponseCachePolicy } from "./cachePolicy";
