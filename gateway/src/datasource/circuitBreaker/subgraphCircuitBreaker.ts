import CircuitBreaker from "opossum";
import type { BreakerState, SubgraphHealth } from "./subgraphHealth";
import { isSubgraphFailure, SubgraphUnavailableError } from "../errors";
import type { BreakerSettings } from "../settings";
import { LatencyWindow } from "./latencyWindow";

export interface BreakerStateChange {
  subgraph: string;
  from: BreakerState;
  to: BreakerState;
}

type Attempt = () => Promise<unknown>;

/**
 * One subgraph's circuit breaker: an opossum CircuitBreaker that counts only what
 * `isSubgraphFailure` calls a failure (transport errors, timeouts, HTTP 5xx), so a GraphQL error
 * inside a 200 never opens it. While it is open, `run` rejects at once with SUBGRAPH_UNAVAILABLE
 * (`circuit_open`) and the attempt is not started.
 *
 * Half-open: opossum lets one probe through after `resetTimeoutMs` and closes on its success.
 * With `halfOpenProbes` > 1 the breaker stays half-open until that many probes in a row have
 * succeeded, still one at a time (calls arriving meanwhile fail fast); any failed probe opens it
 * again for another `resetTimeoutMs`.
 *
 * `onStateChange` is called once per change of the state reported to /health.
 */
export class SubgraphCircuitBreaker {
  private readonly breaker: CircuitBreaker<[Attempt], unknown>;
  private readonly latency: LatencyWindow;
  private state: BreakerState = "closed";
  private since = Date.now();
  /** Set between opossum closing on the first probe and the last probe required. */
  private probation: { successes: number; inFlight: boolean } | undefined;

  constructor(
    readonly subgraph: string,
    private readonly settings: BreakerSettings,
    private readonly onStateChange: (change: BreakerStateChange) => void = () => {},
  ) {
    this.breaker = new CircuitBreaker((attempt: Attempt) => attempt(), {
      name: subgraph,
      // Each attempt carries its own time limit (deadline module), which also aborts the request.
      timeout: false,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingWindowMs,
      rollingCountBuckets: settings.rollingBuckets,
      resetTimeout: settings.resetTimeoutMs,
      // Filtered errors count as successes: the subgraph answered, if only with an error.
      errorFilter: (error: unknown) => !isSubgraphFailure(error),
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    this.latency = new LatencyWindow(settings.rollingWindowMs);
    this.breaker.on("open", () => {
      this.probation = undefined;
      this.transition("open");
    });
    this.breaker.on("halfOpen", () => this.transition("halfOpen"));
    this.breaker.on("close", () => {
      if (this.state === "halfOpen" && this.settings.halfOpenProbes > 1) {
        this.probation = { successes: 1, inFlight: false };
      } else {
        this.transition("closed");
      }
    });
  }

  get currentState(): BreakerState {
    return this.state;
  }

  /** Runs one attempt through the breaker, or rejects with `circuit_open` without running it. */
  run<T>(attempt: () => Promise<T>): Promise<T> {
    return this.probation ? this.probe(attempt) : this.fire(attempt);
  }

  snapshot(): SubgraphHealth {
    const { successes, failures, rejects } = this.breaker.stats;
    const total = successes + failures;
    return {
      breaker: { state: this.state, since: new Date(this.since).toISOString() },
      windowMs: this.settings.rollingWindowMs,
      errorRate: total === 0 ? 0 : Math.round((failures / total) * 1000) / 1000,
      calls: { total, failures, rejected: rejects },
      latencyMs: this.latency.percentiles(),
    };
  }

  /** Stops opossum's bucket timer; the breaker must not be used afterwards. */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private async fire<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(async () => {
        const started = performance.now();
        try {
          return await attempt();
        } finally {
          this.latency.record(performance.now() - started);
        }
      })) as T;
    } catch (error) {
      // opossum's own rejections: EOPENBREAKER (open, or half-open with its probe in flight), ESHUTDOWN.
      if (CircuitBreaker.isOurError(error as Error)) throw this.circuitOpen();
      throw error;
    }
  }

  private async probe<T>(attempt: () => Promise<T>): Promise<T> {
    const probation = this.probation!;
    if (probation.inFlight) {
      this.breaker.emit("reject", this.circuitOpen()); // counted with opossum's own rejections
      throw this.circuitOpen();
    }
    probation.inFlight = true;
    try {
      const result = await this.fire(attempt);
      this.probeSucceeded(probation);
      return result;
    } catch (error) {
      if (!isSubgraphFailure(error)) this.probeSucceeded(probation);
      else if (this.probation === probation) this.breaker.open();
      throw error;
    } finally {
      probation.inFlight = false;
    }
  }

  private probeSucceeded(probation: NonNullable<typeof this.probation>): void {
    if (this.probation !== probation) return;
    probation.successes += 1;
    if (probation.successes >= this.settings.halfOpenProbes) {
      this.probation = undefined;
      this.transition("closed");
    }
  }

  private transition(to: BreakerState): void {
    if (to === this.state) return;
    const from = this.state;
    this.state = to;
    this.since = Date.now();
    this.onStateChange({ subgraph: this.subgraph, from, to });
  }

  private circuitOpen(): SubgraphUnavailableError {
    return new SubgraphUnavailableError(this.subgraph, "circuit_open");
  }
}
