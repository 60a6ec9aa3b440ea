import { Registry } from "@platform/metrics";
import { parseExposition, sumOf } from "../../../../test/support/prometheusText";
import { DomainMetrics } from "./domainMetrics";

describe("DomainMetrics", () => {
  const fresh = () => {
    const registry = new Registry();
    return { registry, metrics: new DomainMetrics("orders", registry), read: async () => parseExposition(await registry.metrics()) };
  };

  it("registers counters with bounded labels, every declared value at 0 from the start, anything else as other", async () => {
    const { metrics, read } = fresh();
    const counter = metrics.counter("orders_things_total", { help: "things", labels: { outcome: ["ok", "bad"] } });
    expect(sumOf(await read(), "orders_things_total", { subgraph: "orders", outcome: "ok" })).toBe(0);
    counter.inc({ outcome: "ok" });
    counter.inc({ outcome: "ok" }, 2);
    counter.inc({ outcome: "a-customer-id-1234" as "ok" });
    const samples = await read();
    expect(sumOf(samples, "orders_things_total", { outcome: "ok" })).toBe(3);
    expect(sumOf(samples, "orders_things_total", { outcome: "bad" })).toBe(0);
    expect(sumOf(samples, "orders_things_total", { outcome: "other" })).toBe(1);
    expect(samples.filter((sample) => sample.name === "orders_things_total").map((sample) => sample.labels.outcome).sort()).toEqual(["bad", "ok", "other"]);
  });

  it("is idempotent for the same name and shape, and refuses another shape", () => {
    const { metrics } = fresh();
    const first = metrics.counter("orders_things_total", { help: "things", labels: { outcome: ["ok"] } });
    expect(metrics.counter("orders_things_total", { help: "things", labels: { outcome: ["ok"] } })).toBe(first);
    expect(() => metrics.counter("orders_things_total", { help: "things", labels: { outcome: ["ok", "bad"] } })).toThrow(/another kind, labels or buckets/);
    expect(() => metrics.gauge("orders_things_total", { help: "things", labels: { outcome: ["ok"] } })).toThrow(/another kind/);
  });

  it("refuses names outside the domain's prefix, counters without _total, and unbounded or reserved labels", () => {
    const { metrics } = fresh();
    expect(() => metrics.counter("subgraph_things_total", { help: "x" })).toThrow(/start with "orders_"/);
    expect(() => metrics.counter("inventory_things_total", { help: "x" })).toThrow(/start with "orders_"/);
    expect(() => metrics.counter("orders_things", { help: "x" })).toThrow(/_total/);
    expect(() => metrics.counter("orders_a_total", { help: "x", labels: { subgraph: ["a"] } })).toThrow(/not "subgraph"/);
    expect(() => metrics.counter("orders_b_total", { help: "x", labels: { kind: [] } })).toThrow(/1 to 50 values/);
    expect(() => metrics.counter("orders_c_total", { help: "x", labels: { kind: Array.from({ length: 51 }, (_, i) => `v${i}`) } })).toThrow(/1 to 50/);
    expect(() => metrics.counter("orders_d_total", { help: "x", labels: { kind: ["has space"] } })).toThrow(/letters, digits or _/);
  });

  it("reads a gauge at each scrape, and answers NaN when the read fails", async () => {
    const { metrics, read } = fresh();
    let value: number | Error = 3;
    metrics.gauge("orders_backlog", { help: "backlog", collect: async () => (value instanceof Error ? Promise.reject(value) : value) });
    expect(sumOf(await read(), "orders_backlog", { subgraph: "orders" })).toBe(3);
    value = 5;
    expect(sumOf(await read(), "orders_backlog", { subgraph: "orders" })).toBe(5);
    value = new Error("database down");
    expect(Number.isNaN(sumOf(await read(), "orders_backlog", { subgraph: "orders" }))).toBe(true);
  });

  it("observes histograms with bounded labels", async () => {
    const { metrics, read } = fresh();
    metrics.histogram("orders_lines_per_order", { help: "lines", labels: { channel: ["WEB", "MOBILE"] }, buckets: [1, 5, 10] }).observe({ channel: "WEB" }, 3);
    expect(sumOf(await read(), "orders_lines_per_order_count", { channel: "WEB" })).toBe(1);
    expect(sumOf(await read(), "orders_lines_per_order_bucket", { channel: "WEB", le: "5" })).toBe(1);
  });
});
