import type { ResilienceSettingsInput } from "@platform/registry";

export interface BreakerSettings {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  rollingWindowMs: number;
  rollingBuckets: number;
  resetTimeoutMs: number;
  halfOpenProbes: number;
}

export interface RetrySettings {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  budgetRatio: number;
  budgetReserve: number;
}

/** One subgraph's resilience settings, complete: the registry's `resilience` block over the defaults. */
export interface ResilienceSettings {
  timeoutMs: number;
  breaker: BreakerSettings;
  retry: RetrySettings;
}

/** What a registry entry may set; anything left out takes its default. */
export type ResilienceOverrides = ResilienceSettingsInput;

/**
 * The defaults, in one place (gateway/README.md explains each choice). They assume subgraphs
 * that answer in milliseconds: a subgraph that needs seconds is broken, and waiting for it only
 * holds the client's connection. The worst case of one fetch (3 attempts of 3 s plus at most
 * 150 ms of backoff) fits inside the default 10 s request deadline.
 */
export const DEFAULT_RESILIENCE: ResilienceSettings = Object.freeze({
  timeoutMs: 3000,
  breaker: Object.freeze({
    errorThresholdPercentage: 50,
    volumeThreshold: 20,
    rollingWindowMs: 10_000,
    rollingBuckets: 10,
    resetTimeoutMs: 5000,
    halfOpenProbes: 3,
  }),
  retry: Object.freeze({
    maxRetries: 2,
    baseDelayMs: 50,
    maxDelayMs: 500,
    budgetRatio: 0.1,
    budgetReserve: 10,
  }),
});

/** Shortest rolling-window bucket: opossum rotates buckets on a timer of that period. */
const MIN_BUCKET_MS = 10;

/**
 * A subgraph's settings: its overrides (already validated by the registry's zod schema) over
 * DEFAULT_RESILIENCE. Throws, naming the subgraph, on a combination no single field can rule out.
 */
export function resolveResilienceSettings(subgraph: string, overrides: ResilienceOverrides = {}): ResilienceSettings {
  const settings: ResilienceSettings = {
    timeoutMs: overrides.timeoutMs ?? DEFAULT_RESILIENCE.timeoutMs,
    breaker: { ...DEFAULT_RESILIENCE.breaker, ...definedOnly(overrides.breaker) },
    retry: { ...DEFAULT_RESILIENCE.retry, ...definedOnly(overrides.retry) },
  };
  const { rollingWindowMs, rollingBuckets } = settings.breaker;
  if (rollingWindowMs / rollingBuckets < MIN_BUCKET_MS) {
    throw new Error(
      `Subgraph "${subgraph}": resilience.breaker.rollingWindowMs (${rollingWindowMs}) / rollingBuckets (${rollingBuckets}) must be at least ${MIN_BUCKET_MS} ms`,
    );
  }
  return settings;
}

function definedOnly<T extends object>(values: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== undefined)) as Partial<T>;
}
