export {
  DEFAULT_RESILIENCE,
  resolveResilienceSettings,
  type ResilienceSettings,
  type ResilienceOverrides,
  type BreakerSettings,
  type RetrySettings,
} from "./resilienceSettings";
