import type { BreakerStateChange, SentFetch } from "../datasource";
import type { BreakerStateName, LatencyPercentiles, SubgraphSlice, SubgraphStatus } from "./statusReport";

/** 30 slices of 10 s: the last five minutes. */
export const SLICE_MS = 10_000;
export const SLICES = 30;
/** Latencies kept per subgraph per slice (a uniform sample beyond that). */
const LATENCY_SAMPLES = 256;

/** Failures, as the breaker counts them; `circuit_open` is a refusal, `deadline_exceeded` the request's own time running out. */
const FAILURES = new Set(["timeout", "connection_failed", "http_5xx"]);

interface SubgraphCounts {
  fetches: number;
  failures: number;
  rejected: number;
  latencies: number[];
  /** Latencies offered, for the sample. */
  seen: number;
}

interface Slice {
  /** Its index: start / sliceMs. */
  index: number;
  subgraphs: Map<string, SubgraphCounts>;
  /** The cumulative counters (cache, rate limiting) as the slice began. */
  counters: Readonly<Record<string, number>>;
}

/** One subgraph's figures over the window: its status on the page, without the name and URL the report adds. */
export type SubgraphWindowFigures = Omit<SubgraphStatus, "name" | "url">;

export interface StatusWindowOptions {
  /** Counters that only grow (cache hits, rate-limit refusals), flat; the window reports how much each grew. */
  counters?: () => Readonly<Record<string, number>>;
  now?: () => number;
  sliceMs?: number;
  slices?: number;
  random?: () => number;
}

/**
 * The status page's memory: a ring of the last few minutes in slices (10 s), filled from what
 * the data sources report (each fetch sent, with its outcome and duration; each breaker state
 * change) and from cumulative counters read as each slice begins. The breakers' own rolling
 * window (10 s by default) is too short to show a trend; this one keeps five minutes, in
 * memory only, a few kilobytes per subgraph. Slices begin when something happens or `tick()`
 * is called (the capability calls it every slice), so an idle gateway still moves its window.
 */
export class StatusWindow {
  private readonly ring: Slice[] = [];
  private readonly breakers = new Map<string, { state: BreakerStateName; since: string }>();
  private readonly startedAt: number;
  private readonly now: () => number;
  private readonly sliceMs: number;
  private readonly slices: number;
  private readonly counters: () => Readonly<Record<string, number>>;
  private readonly random: () => number;

  constructor(options: StatusWindowOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sliceMs = options.sliceMs ?? SLICE_MS;
    this.slices = options.slices ?? SLICES;
    this.counters = options.counters ?? (() => ({}));
    this.random = options.random ?? Math.random;
    this.startedAt = this.now();
    // The first slice begins now, its counters' baseline with it (what they count happens after).
    this.current();
  }

  /** Begins the current slice if it has not begun (and forgets slices past the window). */
  tick(): void {
    this.current();
  }

  /** A fetch sent to a subgraph (SubgraphEvents.sent). */
  record(fetch: SentFetch): void {
    const counts = this.subgraphCounts(this.current(), fetch.subgraph);
    if (fetch.outcome === "circuit_open") {
      counts.rejected += 1;
      return;
    }
    counts.fetches += 1;
    if (FAILURES.has(fetch.outcome)) counts.failures += 1;
    const latencyMs = fetch.seconds * 1000;
    counts.seen += 1;
    if (counts.latencies.length < LATENCY_SAMPLES) counts.latencies.push(latencyMs);
    else {
      const replace = Math.floor(this.random() * counts.seen);
      if (replace < LATENCY_SAMPLES) counts.latencies[replace] = latencyMs;
    }
  }

  /** A breaker's state change (SubgraphEvents.breakerChanged). */
  breakerChanged(change: BreakerStateChange): void {
    this.breakers.set(change.subgraph, { state: change.to, since: new Date(this.now()).toISOString() });
  }

  /** How much of the window the gateway has seen, ms. */
  coveredMs(): number {
    return Math.min(this.slices * this.sliceMs, this.now() - this.startedAt);
  }

  /** The subgraph's breaker (closed since start until told otherwise) and its figures over the window. */
  subgraph(name: string): SubgraphWindowFigures {
    const current = this.current();
    const byIndex = new Map(this.ring.map((slice) => [slice.index, slice]));
    const slices: SubgraphSlice[] = [];
    const latencies: number[] = [];
    let fetches = 0;
    let failures = 0;
    let rejected = 0;
    for (let index = current.index - this.slices + 1; index <= current.index; index++) {
      const counts = byIndex.get(index)?.subgraphs.get(name);
      fetches += counts?.fetches ?? 0;
      failures += counts?.failures ?? 0;
      rejected += counts?.rejected ?? 0;
      if (counts) latencies.push(...counts.latencies);
      slices.push({
        start: new Date(index * this.sliceMs).toISOString(),
        fetches: counts?.fetches ?? 0,
        failures: counts?.failures ?? 0,
        rejected: counts?.rejected ?? 0,
        p95: counts ? (percentiles(counts.latencies)?.p95 ?? null) : null,
      });
    }
    return {
      breaker: this.breakers.get(name) ?? { state: "closed", since: new Date(this.startedAt).toISOString() },
      fetches,
      failures,
      rejected,
      errorRate: fetches === 0 ? null : Math.round((failures / fetches) * 1000) / 1000,
      latencyMs: percentiles(latencies),
      slices,
    };
  }

  /** How much each cumulative counter grew over the window (since the oldest slice kept began), and its value now. */
  counterGrowth(): { window: Record<string, number>; now: Readonly<Record<string, number>> } {
    this.current();
    const now = this.counters();
    const baseline = this.ring[0]?.counters ?? {};
    const window: Record<string, number> = {};
    for (const [name, value] of Object.entries(now)) window[name] = value - (baseline[name] ?? 0);
    return { window, now };
  }

  private current(): Slice {
    const index = Math.floor(this.now() / this.sliceMs);
    const last = this.ring[this.ring.length - 1];
    if (last?.index === index) return last;
    const slice: Slice = { index, subgraphs: new Map(), counters: { ...this.counters() } };
    this.ring.push(slice);
    while (this.ring[0]!.index <= index - this.slices) this.ring.shift();
    return slice;
  }

  private subgraphCounts(slice: Slice, name: string): SubgraphCounts {
    let counts = slice.subgraphs.get(name);
    if (!counts) slice.subgraphs.set(name, (counts = { fetches: 0, failures: 0, rejected: 0, latencies: [], seen: 0 }));
    return counts;
  }
}

/** Nearest-rank percentiles, rounded to 0.1 ms (as /health's); null without samples. */
export function percentiles(samples: readonly number[]): LatencyPercentiles | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]! * 10) / 10;
  return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99) };
}
