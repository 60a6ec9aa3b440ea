import { StatusWindow } from "./statusWindow";

describe("StatusWindow", () => {
  it("keeps the last slices per subgraph, forgets older ones, and reports breaker changes and counter growth", () => {
    let now = 1_000_000;
    let hits = 5;
    const window = new StatusWindow({ now: () => now, sliceMs: 1000, slices: 3, counters: () => ({ hits }), random: () => 0.99 });
    window.record({ subgraph: "stock", outcome: "ok", seconds: 0.01, retries: 0 });
    window.record({ subgraph: "stock", outcome: "http_5xx", seconds: 0.03, retries: 1 });
    now += 1000;
    hits += 2;
    window.record({ subgraph: "stock", outcome: "circuit_open", seconds: 0, retries: 0 });
    window.record({ subgraph: "stock", outcome: "deadline_exceeded", seconds: 0.02, retries: 0 });
    window.breakerChanged({ subgraph: "stock", from: "closed", to: "open" });

    const stock = window.subgraph("stock");
    expect(stock).toMatchObject({ breaker: { state: "open", since: new Date(now).toISOString() }, fetches: 3, failures: 1, rejected: 1, errorRate: 0.333, latencyMs: { p50: 20, p95: 30, p99: 30 } });
    expect(stock.slices.map((slice) => [slice.fetches, slice.failures, slice.rejected])).toEqual([[0, 0, 0], [2, 1, 0], [1, 0, 1]]);
    expect(window.subgraph("products")).toMatchObject({ breaker: { state: "closed" }, fetches: 0, errorRate: null, latencyMs: null });
    expect(window.counterGrowth()).toEqual({ window: { hits: 2 }, now: { hits: 7 } });

    now += 3000; // the first two slices are out of the window
    expect(window.subgraph("stock")).toMatchObject({ fetches: 0, failures: 0, rejected: 0, latencyMs: null });
    expect(window.counterGrowth().window).toEqual({ hits: 0 });
    expect(window.coveredMs()).toBe(3000);
  });
});
