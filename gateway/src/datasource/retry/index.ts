export { backoffDelayMs, type BackoffSettings } from "./backoff";
export { RetryBudget } from "./retryBudget";
export { withRetries, type RetryPolicy } from "./withRetries";
