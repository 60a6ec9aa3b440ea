import { classify, errorCounts, type Expectation, percentiles, phaseOf, stateChangeProblems, summarize, timeline, timeToFirstComplete } from "./analysis";
import type { Sample } from "./openLoad";

const full = { product: { id: "p1", name: "Hat", stock: 3 } };
const expectation: Expectation = { faulty: "inventory", full, healthy: (data) => ({ id: data?.product?.id, name: data?.product?.name }) };
const unavailable = (reason: string, subgraph = "inventory") => ({
  message: "unavailable",
  path: ["product", "stock"],
  extensions: { code: "SUBGRAPH_UNAVAILABLE", subgraph, reason },
});
const sample = (startedAt: number, latencyMs: number, body: Sample["body"], status = 200, kind = "scenario"): Sample => ({
  slot: 0,
  kind,
  startedAt,
  latencyMs,
  status,
  body,
});

describe("fault run analysis", () => {
  it("classifies complete, partial and broken responses", () => {
    expect(classify(sample(0, 1, { data: full }), expectation)).toBe("complete");
    expect(classify(sample(0, 1, { data: { product: { id: "p1", name: "Hat", stock: null } }, errors: [unavailable("timeout")] }), expectation)).toBe("partial");
    // the healthy part lost, another subgraph named, another code, a 5xx, wrong data without errors
    expect(classify(sample(0, 1, { data: { product: null }, errors: [unavailable("timeout")] }), expectation)).toBe("broken");
    expect(classify(sample(0, 1, { data: full, errors: [unavailable("timeout", "catalog")] }), expectation)).toBe("broken");
    expect(classify(sample(0, 1, { data: full, errors: [{ message: "x", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }), expectation)).toBe("broken");
    expect(classify(sample(0, 1, { data: full }, 502), expectation)).toBe("broken");
    expect(classify(sample(0, 1, { data: { product: { ...full.product, stock: 4 } } }), expectation)).toBe("broken");
  });

  it("counts responses by code/reason, once per response", () => {
    const samples = [sample(0, 1, { errors: [unavailable("timeout"), unavailable("timeout")] }), sample(0, 1, { errors: [unavailable("circuit_open")] }), sample(0, 1, { data: full })];
    expect(errorCounts(samples)).toEqual({ "SUBGRAPH_UNAVAILABLE/timeout": 1, "SUBGRAPH_UNAVAILABLE/circuit_open": 1 });
  });

  it("finds a breaker logged twice in one state, or a change from a state it was not in", () => {
    expect(stateChangeProblems([{ at: 1, from: "closed", to: "open" }, { at: 2, from: "open", to: "halfOpen" }, { at: 3, from: "halfOpen", to: "closed" }])).toEqual([]);
    expect(stateChangeProblems([{ at: 1, from: "closed", to: "open" }, { at: 2, from: "closed", to: "open" }])).toHaveLength(1);
    expect(stateChangeProblems([{ at: 1, from: "open", to: "open" }])).toHaveLength(2);
  });

  it("puts each request in its phase from the breaker's timeline", () => {
    const changes = [
      { at: 1500, from: "closed", to: "open" },
      { at: 3500, from: "open", to: "halfOpen" },
      { at: 3600, from: "halfOpen", to: "open" },
      { at: 5600, from: "open", to: "halfOpen" },
      { at: 5800, from: "halfOpen", to: "closed" },
    ];
    const line = timeline(changes, 1000, 4000, 7000);
    expect(line).toMatchObject({ openedAt: 1500, closedAt: 5800, openIntervals: [[1500, 3500], [3600, 5600]] });
    expect(phaseOf({ startedAt: 900, latencyMs: 50 }, line)).toBe("healthy");
    expect(phaseOf({ startedAt: 900, latencyMs: 200 }, line)).toBe("other"); // caught by the fault
    expect(phaseOf({ startedAt: 1200, latencyMs: 2000 }, line)).toBe("deadClosed");
    expect(phaseOf({ startedAt: 2000, latencyMs: 20 }, line)).toBe("deadOpen");
    expect(phaseOf({ startedAt: 3480, latencyMs: 40 }, line)).toBe("other"); // ends in half-open
    expect(phaseOf({ startedAt: 4100, latencyMs: 20 }, line)).toBe("open"); // cleared, still open
    expect(phaseOf({ startedAt: 5900, latencyMs: 20 }, line)).toBe("recovered");
  });

  it("computes nearest-rank percentiles and the time to the first complete answer", () => {
    expect(percentiles([5, 1, 4, 2, 3])).toEqual({ n: 5, p50: 3, p95: 5, max: 5 });
    expect(percentiles([])).toEqual({ n: 0, p50: null, p95: null, max: null });
    const samples = [sample(100, 10, { data: full }), sample(1000, 500, { data: full }), sample(1200, 50, { data: full })];
    expect(timeToFirstComplete(samples, 900, () => true)).toBe(350);
    expect(timeToFirstComplete(samples, 2000, () => true)).toBeUndefined();
  });

  it("summarizes a run: time to open, recover and close, and the breaker's window from /health", () => {
    const partial = { data: { product: { id: "p1", name: "Hat", stock: null } }, errors: [unavailable("connection_failed")] };
    const summary = summarize({
      scenario: { name: "x", faulty: "inventory", healthy: expectation.healthy },
      baseline: { scenario: full, control: full },
      samples: [sample(0, 10, { data: full }), sample(1100, 30, partial), sample(1100, 30, { data: full }, 200, "control"), sample(4500, 20, { data: full })],
      faultAt: 1000,
      clearedAt: 3000,
      endedAt: 5000,
      changes: [
        { at: 1400, from: "closed", to: "open", subgraph: "inventory" },
        { at: 3400, from: "open", to: "halfOpen", subgraph: "inventory" },
        { at: 3600, from: "halfOpen", to: "closed", subgraph: "inventory" },
      ],
      health: [
        { at: 950, report: { breaker: { state: "closed" }, calls: { total: 7, failures: 0 } } },
        { at: 1450, report: { breaker: { state: "open" }, calls: { total: 17, failures: 10 } } },
      ],
      proxyEvents: [],
    });
    expect(summary).toMatchObject({
      requests: 4,
      statuses: { 200: 4 },
      scenarioOutcomes: { complete: 2, partial: 1, broken: 0 },
      controlOutcomes: { complete: 1, partial: 0, broken: 0 },
      timeToOpenMs: 400,
      timeToRecoverMs: 1520,
      timeToCloseMs: 600,
      windowCallsAtFault: 7,
      windowAtOpen: { total: 17, failures: 10 },
    });
    expect(summary.latency.deadClosed.n).toBe(1);
  });
});
