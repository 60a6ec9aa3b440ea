/** Which limit refused a request. */
export type LimitName = "ip" | "key" | "serverKey" | "burst" | "noAgent";

export interface RateLimitCounts {
  /** Requests let through (the allow-listed ones included). */
  allowed: number;
  /** Of those, allow-listed requests, never counted against a limit. */
  exempt: number;
  /** Requests answered 429, by the limit they hit (the one with the longest wait when several). */
  limited: Record<LimitName, number>;
  /** Requests answered 403 for their User-Agent. */
  deniedAgents: number;
}

/** Counters since start, for /health. */
export class RateLimitMetrics {
  private readonly counts: RateLimitCounts = { allowed: 0, exempt: 0, limited: { ip: 0, key: 0, serverKey: 0, burst: 0, noAgent: 0 }, deniedAgents: 0 };

  allowed(exempt = false): void {
    this.counts.allowed += 1;
    if (exempt) this.counts.exempt += 1;
  }

  limited(by: LimitName): void {
    this.counts.limited[by] += 1;
  }

  deniedAgent(): void {
    this.counts.deniedAgents += 1;
  }

  snapshot(): RateLimitCounts {
    return { ...this.counts, limited: { ...this.counts.limited } };
  }
}
