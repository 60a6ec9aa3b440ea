/**
 * What `GET /status.json` answers, read by the page's script (browser/statusPage.ts). No imports:
 * the browser's type-check reads this file too.
 */

export type BreakerStateName = "closed" | "halfOpen" | "open";

export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** One slice of the window (StatusWindow's bucket) for one subgraph. */
export interface SubgraphSlice {
  /** When the slice starts (ISO 8601). */
  start: string;
  fetches: number;
  failures: number;
  rejected: number;
  /** p95 of the slice's fetches, ms; null without any. */
  p95: number | null;
}

export interface SubgraphStatus {
  name: string;
  url: string;
  breaker: { state: BreakerStateName; since: string };
  /** Fetches sent over the window (retries folded into their fetch), refused ones (breaker open) not included. */
  fetches: number;
  /** Of those, ended by a timeout, a refused or dropped connection, or HTTP 5xx. */
  failures: number;
  /** Fetches refused by the open breaker without a call. */
  rejected: number;
  /** failures / fetches, 0 to 1; null without fetches. */
  errorRate: number | null;
  /** Of the fetches sent (retries and backoff included), ms; null without any. */
  latencyMs: LatencyPercentiles | null;
  /** The window, slice by slice, oldest first (empty slices included). */
  slices: SubgraphSlice[];
}

export interface CacheLayerStatus {
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 to 1; null without lookups. */
  hitRate: number | null;
}

export type CacheLayerName = "response" | "entity" | "apq";

export interface RefusalCounts {
  ip: number;
  key: number;
  serverKey: number;
  burst: number;
  noAgent: number;
  deniedAgents: number;
  total: number;
}

export interface StatusReport {
  generatedAt: string;
  /** The window the figures cover: `slices` of `sliceMs`; `coveredMs` is how much of it the gateway has seen (less after a start). */
  window: { sliceMs: number; slices: number; coveredMs: number };
  supergraph: { hash: string; loadedAt: string | null } | null;
  subgraphs: SubgraphStatus[];
  /** Per layer, over the window and since start. */
  cache: { enabled: false } | { enabled: true; window: Record<CacheLayerName, CacheLayerStatus>; sinceStart: Record<CacheLayerName, CacheLayerStatus> };
  /** Requests refused by rate limiting (429 by limit, 403 for a denied agent), over the window and since start. */
  rateLimit: { enabled: false } | { enabled: true; window: RefusalCounts; sinceStart: RefusalCounts };
}
