import type { GatewayConfig } from "../../gateway/src/config";
import type { EntityFetch, ResilienceOverrides, StaleEntitySource } from "../../gateway/src/datasource";
import type { BreakerState } from "../../gateway/src/datasource";
import type { HealthReport, SubgraphReport } from "../../gateway/src/health";
import { postGraphQL } from "../support/graphqlClient";
import { type CapturedLogs, captureLogs, eventually, type LogRecord } from "./support/captureLogs";
import { useFaultFixtureGateways } from "./support/fixtureGateways";

/**
 * The gateway's transport policy against subgraphs that fail for real: two fixture subgraphs
 * over HTTP on 127.0.0.1, `products` (healthy) and `stock` (contributes Product.inStock, a root
 * query and a mutation), which each test switches to 503s, hangs, closed sockets or GraphQL
 * errors while counting what reaches it. Every test starts its own gateway, so breakers and
 * retry budgets start fresh.
 */
describe("gateway resilience", () => {
  const suite = useFaultFixtureGateways("gateway-resilience-");

  /** A gateway whose `stock` subgraph has these settings (products keeps the defaults). */
  async function gatewayWith(stock: ResilienceOverrides, config: Partial<GatewayConfig> = {}, staleEntities?: StaleEntitySource) {
    const logs = captureLogs();
    const gateway = await suite.start({ subgraphResilience: { stock }, ...config }, { logger: logs.logger, staleEntities });
    const health = async (): Promise<HealthReport> => (await fetch(new URL("/health", gateway.url))).json() as Promise<HealthReport>;
    return {
      logs,
      query: (query: string, variables?: Record<string, unknown>) => postGraphQL(gateway.url, query, variables),
      health,
      subgraph: async (name: string): Promise<SubgraphReport> => (await health()).subgraphs.find((subgraph) => subgraph.name === name)!,
    };
  }

  const PRODUCTS_WITH_STOCK = "{ products { id name inStock } }";
  /** Opens after 4 calls in the window if more than half failed; no retries, so each query is one call. */
  const BREAKER = { retry: { maxRetries: 0 }, breaker: { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 } };
  const unavailable = (reason: string, extra: Record<string, unknown> = {}) =>
    expect.objectContaining({ extensions: expect.objectContaining({ code: "SUBGRAPH_UNAVAILABLE", subgraph: "stock", reason }), ...extra });
  const breakerLogs = (logs: CapturedLogs) => logs.records.filter((record: LogRecord) => record.subgraph === "stock" && /circuit breaker/.test(record.msg));
  const waitForState = (gateway: Awaited<ReturnType<typeof gatewayWith>>, state: BreakerState) =>
    eventually(async () => ((await gateway.subgraph("stock")).breaker.state === state ? true : undefined), 5000, `the stock breaker to be ${state}`);

  describe("partial results", () => {
    it("keeps the healthy subgraph's data and reports each entity it could not complete, at its path", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 0 } });
      suite.fixtures.stock.setMode("http503");

      const response = await gateway.query(PRODUCTS_WITH_STOCK);

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({
        products: [
          { id: "p1", name: "Kettle", inStock: null },
          { id: "p2", name: "Toaster", inStock: null },
        ],
      });
      expect(response.body.errors).toEqual([unavailable("http_5xx", { path: ["products", 0] }), unavailable("http_5xx", { path: ["products", 1] })]);
      expect(response.body.errors![0]!.message).toBe('Subgraph "stock" is unavailable: it answered with a server error (HTTP 503)');
    });

    it("reports a root field of the failed subgraph at its response name, alias included", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 0 } });
      suite.fixtures.stock.setMode("closeSocket");

      const response = await gateway.query('{ products { id } units: stockLevel(productId: "p1") kettle: product(id: "p1") { name inStock } }');

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ products: [{ id: "p1" }, { id: "p2" }], units: null, kettle: { name: "Kettle", inStock: null } });
      expect(response.body.errors).toEqual(
        expect.arrayContaining([unavailable("connection_failed", { path: ["units"] }), unavailable("connection_failed", { path: ["kettle"] })]),
      );
      expect(response.body.errors).toHaveLength(2);
    });

    it("expands an entity fetch under nested lists to each entity's full path", async () => {
      const gateway = await gatewayWith({});
      suite.fixtures.products.setMode("http503"); // products completes the warehouses' entities: retried, then reported

      const response = await gateway.query("{ warehouses { id products { id description } } }");

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({
        warehouses: [
          { id: "w1", products: [{ id: "p2", description: null }] },
          { id: "w2", products: [{ id: "p1", description: null }, { id: "p2", description: null }] },
        ],
      });
      const paths = response.body.errors!.map((error) => error.path);
      expect(paths).toEqual([
        ["warehouses", 0, "products", 0],
        ["warehouses", 1, "products", 0],
        ["warehouses", 1, "products", 1],
      ]);
      expect(response.body.errors![0]!.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", subgraph: "products", reason: "http_5xx" });
    });

    it("answers as before when every subgraph is healthy", async () => {
      const gateway = await gatewayWith({});
      const response = await gateway.query(PRODUCTS_WITH_STOCK);
      expect(response.body).toEqual({
        data: {
          products: [
            { id: "p1", name: "Kettle", inStock: true },
            { id: "p2", name: "Toaster", inStock: false },
          ],
        },
      });
    });
  });

  describe("circuit breaker", () => {
    it("opens after the configured volume and error rate, then fails fast without calling the subgraph, and logs the change once", async () => {
      const gateway = await gatewayWith(BREAKER);
      suite.fixtures.stock.setMode("http503");

      for (let i = 0; i < 3; i++) await gateway.query(PRODUCTS_WITH_STOCK);
      expect((await gateway.subgraph("stock")).breaker.state).toBe("closed"); // 3 calls: under the volume threshold
      await gateway.query(PRODUCTS_WITH_STOCK);
      expect((await gateway.subgraph("stock")).breaker.state).toBe("open");
      expect(suite.fixtures.stock.received).toHaveLength(4);

      for (let i = 0; i < 5; i++) {
        const response = await gateway.query(PRODUCTS_WITH_STOCK);
        expect(response.status).toBe(200);
        expect(response.body.data.products[0]).toEqual({ id: "p1", name: "Kettle", inStock: null });
        expect(response.body.errors?.[0]).toEqual(unavailable("circuit_open", { path: ["products", 0] }));
      }
      expect(suite.fixtures.stock.received).toHaveLength(4); // nothing more reached the subgraph

      const report = await gateway.subgraph("stock");
      expect(report).toMatchObject({ breaker: { state: "open" }, errorRate: 1, calls: { total: 4, failures: 4, rejected: 5 } });
      const changes = breakerLogs(gateway.logs);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({ subgraph: "stock", breaker: { from: "closed", to: "open" }, msg: 'circuit breaker for subgraph "stock" is now open' });
    });

    it("does not count GraphQL errors inside a 200 as failures", async () => {
      const gateway = await gatewayWith(BREAKER);
      suite.fixtures.stock.setMode("graphqlError");

      for (let i = 0; i < 8; i++) {
        const response = await gateway.query(PRODUCTS_WITH_STOCK);
        expect(response.body.errors?.[0]?.message).toBe("stock failed to resolve");
        expect(response.body.errors?.[0]?.extensions?.code).not.toBe("SUBGRAPH_UNAVAILABLE");
      }
      expect(suite.fixtures.stock.received).toHaveLength(8); // every query reached the subgraph
      expect(await gateway.subgraph("stock")).toMatchObject({ breaker: { state: "closed" }, errorRate: 0, calls: { total: 8, failures: 0 } });
      expect(breakerLogs(gateway.logs)).toEqual([]);
    });

    it("closes again after the configured number of successful half-open probes, logging each change once", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 0 }, breaker: { volumeThreshold: 2, resetTimeoutMs: 200, halfOpenProbes: 2 } });
      suite.fixtures.stock.setMode("http503");
      await gateway.query(PRODUCTS_WITH_STOCK);
      await gateway.query(PRODUCTS_WITH_STOCK);
      expect((await gateway.subgraph("stock")).breaker.state).toBe("open");

      suite.fixtures.stock.setMode("ok");
      await waitForState(gateway, "halfOpen");
      const first = await gateway.query(PRODUCTS_WITH_STOCK);
      expect(first.body.errors).toBeUndefined();
      expect((await gateway.subgraph("stock")).breaker.state).toBe("halfOpen"); // one probe of two
      const second = await gateway.query(PRODUCTS_WITH_STOCK);
      expect(second.body.data.products[0].inStock).toBe(true);
      expect((await gateway.subgraph("stock")).breaker.state).toBe("closed");

      expect(breakerLogs(gateway.logs).map((record) => record.breaker)).toEqual([
        { from: "closed", to: "open" },
        { from: "open", to: "halfOpen" },
        { from: "halfOpen", to: "closed" },
      ]);
    });

    it("opens again when a half-open probe fails", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 0 }, breaker: { volumeThreshold: 2, resetTimeoutMs: 200, halfOpenProbes: 1 } });
      suite.fixtures.stock.setMode("http503");
      await gateway.query(PRODUCTS_WITH_STOCK);
      await gateway.query(PRODUCTS_WITH_STOCK);
      await waitForState(gateway, "halfOpen");

      const probe = await gateway.query(PRODUCTS_WITH_STOCK);
      expect(probe.body.errors?.[0]).toEqual(unavailable("http_5xx"));
      expect((await gateway.subgraph("stock")).breaker.state).toBe("open");
      expect(suite.fixtures.stock.received).toHaveLength(3);
      expect(breakerLogs(gateway.logs).map((record) => (record.breaker as { to: string }).to)).toEqual(["open", "halfOpen", "open"]);
    });
  });

  describe("timeouts and the request deadline", () => {
    it("gives up on a subgraph that hangs after its timeout, and aborts the request", async () => {
      const gateway = await gatewayWith({ timeoutMs: 300, retry: { maxRetries: 0 } });
      suite.fixtures.stock.setMode("hang");

      const startedAt = performance.now();
      const response = await gateway.query(PRODUCTS_WITH_STOCK);
      const elapsed = performance.now() - startedAt;

      expect(response.status).toBe(200);
      expect(response.body.data.products[1]).toEqual({ id: "p2", name: "Toaster", inStock: null });
      expect(response.body.errors?.[0]).toEqual(unavailable("timeout"));
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(5000);
      await eventually(async () => (suite.fixtures.stock.abandoned === 1 ? true : undefined), 5000, "the hung request to be aborted");
    });

    it("ends every fetch of a request at the overall deadline, even when the subgraph's own timeout is longer", async () => {
      const gateway = await gatewayWith({ timeoutMs: 30_000 }, { requestDeadlineMs: 1500 });
      suite.fixtures.stock.setMode("hang");

      const startedAt = performance.now();
      const response = await gateway.query(PRODUCTS_WITH_STOCK);
      const elapsed = performance.now() - startedAt;

      expect(response.body.data.products[0]).toEqual({ id: "p1", name: "Kettle", inStock: null });
      expect(response.body.errors?.[0]).toEqual(unavailable("deadline_exceeded"));
      expect(elapsed).toBeLessThan(10_000); // far below the 30 s timeout
      expect(suite.fixtures.stock.received).toHaveLength(1); // a deadline-bound attempt is not retried
      expect((await gateway.subgraph("stock")).calls.failures).toBe(0); // nor counted against the subgraph
    });
  });

  describe("retries", () => {
    it("retries a failed query with backoff until it succeeds", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 2, baseDelayMs: 40, maxDelayMs: 1000 } });
      suite.fixtures.stock.failNext(1, "http503");
      suite.fixtures.stock.failNext(1, "closeSocket");

      const startedAt = performance.now();
      const response = await gateway.query(PRODUCTS_WITH_STOCK);
      const elapsed = performance.now() - startedAt;

      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.products.map((product: { inStock: boolean }) => product.inStock)).toEqual([true, false]);
      expect(suite.fixtures.stock.received.map((request) => request.mode)).toEqual(["http503", "closeSocket", "ok"]);
      // Equal jitter: at least half of 40 ms, then half of 80 ms.
      expect(elapsed).toBeGreaterThanOrEqual(55);
    });

    it("never retries a mutation: exactly one request reaches the subgraph", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 3, baseDelayMs: 0 } });
      suite.fixtures.stock.setMode("http503");

      const mutation = await gateway.query('mutation { reserve(productId: "p1", quantity: 1) }');
      expect(mutation.status).toBe(200);
      expect(mutation.body.data).toEqual({ reserve: null });
      expect(mutation.body.errors).toEqual([unavailable("http_5xx", { path: ["reserve"] })]);
      expect(suite.fixtures.stock.received).toHaveLength(1);
      expect(suite.fixtures.stock.received[0]!.query).toMatch(/^mutation/);

      // The same settings do retry a query: 1 + 3 attempts.
      const query = await gateway.query('{ stockLevel(productId: "p1") }');
      expect(query.body.errors?.[0]).toEqual(unavailable("http_5xx"));
      expect(suite.fixtures.stock.received).toHaveLength(5);
    });

    it("does not retry a mutation whose connection was closed either", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 3, baseDelayMs: 0 } });
      suite.fixtures.stock.setMode("closeSocket");
      const mutation = await gateway.query('mutation { reserve(productId: "p1", quantity: 1) }');
      expect(mutation.body.errors).toEqual([unavailable("connection_failed", { path: ["reserve"] })]);
      expect(suite.fixtures.stock.received).toHaveLength(1);
    });

    it("stops retrying once the breaker opens", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 5, baseDelayMs: 0 }, breaker: { volumeThreshold: 2 } });
      suite.fixtures.stock.setMode("http503");
      const response = await gateway.query(PRODUCTS_WITH_STOCK);
      expect(response.body.errors?.[0]).toEqual(unavailable("http_5xx"));
      expect(suite.fixtures.stock.received).toHaveLength(2); // the second failure opened the breaker
    });

    it("keeps retries within the budget during an outage", async () => {
      const budget = { maxRetries: 3, baseDelayMs: 0, budgetRatio: 0.1, budgetReserve: 2 };
      const gateway = await gatewayWith({ retry: budget, breaker: { volumeThreshold: 10_000 } });
      suite.fixtures.stock.setMode("http503");

      const queries = 30;
      for (let i = 0; i < queries; i++) await gateway.query(PRODUCTS_WITH_STOCK);

      const retries = suite.fixtures.stock.received.length - queries;
      expect(retries).toBeGreaterThanOrEqual(budget.budgetReserve); // retries did happen...
      expect(retries).toBeLessThanOrEqual(budget.budgetReserve + budget.budgetRatio * queries); // ...5 at most, not 90
    });
  });

  describe("/health", () => {
    it("shows each subgraph's breaker state, error rate and latency percentiles", async () => {
      const gateway = await gatewayWith({ retry: { maxRetries: 0 } });
      for (let i = 0; i < 6; i++) await gateway.query(PRODUCTS_WITH_STOCK);
      suite.fixtures.stock.setMode("http503");
      for (let i = 0; i < 2; i++) await gateway.query(PRODUCTS_WITH_STOCK);

      const report = await gateway.health();
      expect(report.status).toBe("ready"); // a failing subgraph does not make the gateway unready
      const [products, stock] = report.subgraphs;
      expect(products).toMatchObject({ name: "products", breaker: { state: "closed" }, errorRate: 0, calls: { total: 8, failures: 0 } });
      expect(stock).toMatchObject({ name: "stock", breaker: { state: "closed" }, errorRate: 0.25, calls: { total: 8, failures: 2, rejected: 0 } });
      for (const subgraph of [products!, stock!]) {
        const { p50, p95, p99 } = subgraph.latencyMs!;
        expect(p50).toBeGreaterThan(0);
        expect(p50).toBeLessThanOrEqual(p95);
        expect(p95).toBeLessThanOrEqual(p99);
        expect(Date.parse(subgraph.breaker.since)).not.toBeNaN();
      }
    });
  });

  describe("transport", () => {
    it("reuses keep-alive connections across many sequential requests", async () => {
      const gateway = await gatewayWith({});
      for (let i = 0; i < 40; i++) {
        const response = await gateway.query(PRODUCTS_WITH_STOCK);
        expect(response.body.errors).toBeUndefined();
      }
      expect(suite.fixtures.products.received).toHaveLength(40);
      expect(suite.fixtures.stock.received).toHaveLength(40);
      expect(suite.fixtures.products.connections).toBeLessThanOrEqual(2);
      expect(suite.fixtures.stock.connections).toBeLessThanOrEqual(2);
    });
  });

  describe("stale-if-error hook", () => {
    it("serves what the StaleEntitySource recalls, reports the rest, and flags the response", async () => {
      const remembered = new Map<string, Record<string, unknown>>();
      const seen: EntityFetch[] = [];
      const source: StaleEntitySource = {
        remember(fetch, entities) {
          seen.push(fetch);
          fetch.representations.forEach((representation, index) => remembered.set(String(representation.id), entities[index] as Record<string, unknown>));
        },
        // Knows only p1, as if p2 had never been fetched.
        recall: (fetch) => ({ entities: fetch.representations.map((representation) => (representation.id === "p1" ? remembered.get("p1") ?? null : null)), ageMs: 1234 }),
      };
      const gateway = await gatewayWith({ retry: { maxRetries: 0 } }, {}, source);

      await gateway.query(PRODUCTS_WITH_STOCK);
      expect(seen).toEqual([expect.objectContaining({ subgraph: "stock", representations: [expect.objectContaining({ id: "p1" }), expect.objectContaining({ id: "p2" })] })]);

      suite.fixtures.stock.setMode("http503");
      const response = await gateway.query(PRODUCTS_WITH_STOCK);
      expect(response.status).toBe(200);
      expect(response.body.data.products).toEqual([
        { id: "p1", name: "Kettle", inStock: true }, // stale, from the source
        { id: "p2", name: "Toaster", inStock: null },
      ]);
      expect(response.body.errors).toEqual([unavailable("http_5xx", { path: ["products", 1] })]);
      expect((response.body as { extensions?: unknown }).extensions).toEqual({
        staleEntities: [{ subgraph: "stock", reason: "http_5xx", entities: 1, ageMs: 1234 }],
      });
    });
  });
});
