/**
 * A token bucket that keeps retries a small share of the calls to one subgraph, so that
 * retrying cannot multiply the load on a subgraph that is already failing. Every call earns
 * `ratio` of a token; every retry spends a whole one; the bucket starts full and holds
 * `reserve` tokens (at least one). Over any stretch of N calls there are at most
 * `reserve + ratio × N` retries, however many of the calls fail.
 */
export class RetryBudget {
  private tokens: number;
  private readonly capacity: number;

  constructor(
    private readonly ratio: number,
    reserve: number,
  ) {
    this.capacity = Math.max(1, reserve);
    this.tokens = reserve;
  }

  /** A call was made (first attempts only, mutations included): it earns its share of a retry. */
  recordCall(): void {
    this.tokens = Math.min(this.capacity, this.tokens + this.ratio);
  }

  /** Spends a token for a retry; false when the budget is spent, and the call must not be retried. */
  tryRetry(): boolean {
    // Tokens are earned in fractions: allow for the rounding of repeated float additions.
    if (this.tokens < 1 - 1e-9) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Whole retries available now (for tests and diagnostics). */
  get available(): number {
    return Math.floor(this.tokens + 1e-9);
  }
}
