/**
 * Latencies of the most recent calls, for percentiles over a rolling window: a ring of the last
 * `capacity` samples with their time, read only when /health asks. Recording is O(1) and
 * allocation-free; opossum's own percentiles are turned off because it sorts every latency of
 * its window on each failure.
 */
export class LatencyWindow {
  private readonly latencies: Float64Array;
  private readonly times: Float64Array;
  private next = 0;
  private size = 0;

  constructor(
    private readonly windowMs: number,
    capacity = 1024,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.latencies = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
  }

  record(latencyMs: number): void {
    this.latencies[this.next] = latencyMs;
    this.times[this.next] = this.now();
    this.next = (this.next + 1) % this.latencies.length;
    this.size = Math.min(this.size + 1, this.latencies.length);
  }

  /** Nearest-rank percentiles of the samples inside the window, rounded to 0.1 ms; null without any. */
  percentiles(): { p50: number; p95: number; p99: number } | null {
    const since = this.now() - this.windowMs;
    const samples: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.times[i]! >= since) samples.push(this.latencies[i]!);
    if (samples.length === 0) return null;
    samples.sort((a, b) => a - b);
    const rank = (p: number) => Math.round(samples[Math.max(0, Math.ceil(p * samples.length) - 1)]! * 10) / 10;
    return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99) };
  }
}
