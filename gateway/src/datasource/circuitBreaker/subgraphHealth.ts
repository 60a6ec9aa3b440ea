import type { ServiceLevels } from "@platform/registry";

export type BreakerState = "closed" | "open" | "halfOpen";

/** How the gateway's calls to one subgraph are going, over the breaker's rolling window. */
export interface SubgraphHealth {
  breaker: {
    state: BreakerState;
    /** When the breaker entered that state (ISO 8601). */
    since: string;
  };
  /** The rolling window the figures below cover. */
  windowMs: number;
  /** Failures (transport errors, timeouts, HTTP 5xx) per call made, 0 to 1; 0 without calls. */
  errorRate: number;
  calls: {
    /** Calls that reached the network (retries included). */
    total: number;
    failures: number;
    /** Calls refused without touching the network because the breaker was open. */
    rejected: number;
  };
  /** Latency of the calls made, in milliseconds; null without calls in the window. */
  latencyMs: { p50: number; p95: number; p99: number } | null;
}

/** Where /health reads each subgraph's figures from: the data sources' breakers, and the registry's service levels. */
export interface SubgraphHealthSource {
  subgraphHealth(name: string): SubgraphHealth & { serviceLevels?: ServiceLevels };
}
