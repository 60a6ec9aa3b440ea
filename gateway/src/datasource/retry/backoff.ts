export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before retry `retry` (1 for the first): exponential with "equal jitter", uniform in
 * [ceiling / 2, ceiling] where ceiling = min(maxDelayMs, baseDelayMs * 2^(retry - 1)). The
 * jitter spreads the retries of many clients that failed together; the floor keeps a retry from
 * landing straight back on a subgraph that has just refused a connection.
 */
export function backoffDelayMs(retry: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
