export { type ClientKey, type LimitedKey, createRateLimit, type RateLimit, type RateLimitOptions, type RateLimitReport } from "./rateLimit";
export { RATE_LIMIT_DEFAULTS, type RateLimitConfig } from "./rateLimitConfig";
export { type LimiterStoreStatus } from "./limiterStore";
export { type RateLimitCounts } from "./rateLimitMetrics";
