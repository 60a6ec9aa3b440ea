import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GatewayConfig } from "../../../gateway/src/config";
import { type RunningGateway, startGateway } from "../../../gateway/src/server";
import { STATUS_CONTENT_SECURITY_POLICY, type StatusReport } from "../../../gateway/src/statusPage";
import { supergraphHash } from "../../../gateway/src/supergraph";
import { postGraphQL } from "../../support/graphqlClient";
import { type FaultFixtures, startFaultFixtures } from "../../gateway/support/controllableSubgraph";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";

const OPERATOR_TOKEN = "operator-token-0123456789abcdef";
const PRODUCTS_WITH_STOCK = "{ products { id name inStock } }";

/**
 * The status page's data (`GET /status.json`) through a real gateway over fixture subgraphs:
 * what it reports after traffic, and who may read it (the operator token; the page in Chromium
 * is statusPage.test.ts).
 */
describe("the status page's data and its guard", () => {
  let subgraphs: FaultFixtures;
  let directory: string;
  let supergraphPath: string;
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    subgraphs = await startFaultFixtures();
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-status-json-"));
    supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, subgraphs.supergraphSdl);
  });

  afterEach(() => subgraphs.reset());

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await subgraphs?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const gatewayWith = async (overrides: Partial<GatewayConfig>) => {
    const gateway = await startGateway(testGatewayConfig({ supergraphPath, statusPage: true, ...overrides }));
    gateways.push(gateway);
    return gateway;
  };
  const get = (gateway: RunningGateway, pathname: string, headers: Record<string, string> = {}) => fetch(new URL(pathname, gateway.url), { headers });

  it("reports each subgraph's breaker, fetches, error rate and latency, the cache layers' hit rates, rate-limit refusals and the supergraph", async () => {
    const base = testGatewayConfig({ supergraphPath });
    const gateway = await gatewayWith({
      cache: { enabled: true, redisUrl: undefined },
      rateLimit: { ...base.rateLimit, enabled: true, keyPerMinute: 4 },
      subgraphResilience: { stock: { retry: { maxRetries: 0 } } },
    });
    subgraphs.stock.setMode("http503"); // every stock fetch fails (the breaker's volume threshold, 20, is not reached)
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await postGraphQL(gateway.url, PRODUCTS_WITH_STOCK)).status);
    expect(answers).toEqual([200, 200, 200, 200, 429, 429]);

    const response = await get(gateway, "/status.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const report = (await response.json()) as StatusReport;
    expect(report.supergraph).toEqual({ hash: supergraphHash(readFileSync(supergraphPath, "utf8")), loadedAt: expect.any(String) });
    expect(report.window).toEqual({ sliceMs: 10_000, slices: 30, coveredMs: expect.any(Number) });
    const [products, stock] = report.subgraphs;
    expect(products).toMatchObject({ name: "products", url: subgraphs.products.url, breaker: { state: "closed" }, failures: 0, errorRate: 0, latencyMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) } });
    expect(products!.fetches).toBeGreaterThan(0);
    expect(stock).toMatchObject({ name: "stock", url: subgraphs.stock.url, breaker: { state: "closed" }, errorRate: 1 });
    expect(stock!.failures).toBe(stock!.fetches);
    expect(stock!.slices).toHaveLength(30);
    expect(stock!.slices.reduce((sum, slice) => sum + slice.failures, 0)).toBe(stock!.failures);
    expect(report.rateLimit).toEqual({
      enabled: true,
      window: { ip: 0, key: 2, serverKey: 0, burst: 0, noAgent: 0, deniedAgents: 0, total: 2 },
      sinceStart: { ip: 0, key: 2, serverKey: 0, burst: 0, noAgent: 0, deniedAgents: 0, total: 2 },
    });
    expect(report.cache).toMatchObject({ enabled: true, window: { response: { hitRate: expect.anything() }, entity: expect.any(Object), apq: expect.any(Object) } });
    if (!report.cache.enabled) throw new Error("the cache is on");
    const response_ = report.cache.window.response;
    expect(response_.hits + response_.misses).toBe(4); // the four admitted requests looked
    expect(response_.hitRate).toBe(Math.round((response_.hits / 4) * 1000) / 1000);
  });

  it("serves the page with a same-origin Content-Security-Policy and its script from the gateway; 405 for other methods", async () => {
    const gateway = await gatewayWith({});
    const page = await get(gateway, "/status");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(STATUS_CONTENT_SECURITY_POLICY);
    expect(STATUS_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(STATUS_CONTENT_SECURITY_POLICY).not.toMatch(/https?:|unsafe/);
    const html = await page.text();
    expect(html).toContain('src="status.js"');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await get(gateway, "/status.js");
    expect([script.status, script.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);
    expect(await script.text()).toContain("status.json");
    expect((await fetch(new URL("/status.json", gateway.url), { method: "POST" })).status).toBe(405);
  });

  it("in production: off unless turned on; turned on without a token, its data answers 403; with one, 401 without it or with another, 200 with it", async () => {
    const off = await gatewayWith({ production: true, nodeEnv: "production", statusPage: false });
    expect((await get(off, "/status.json")).status).toBe(404);

    const noToken = await gatewayWith({ production: true, nodeEnv: "production" });
    const refused = await get(noToken, "/status.json", { authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ errors: [{ message: expect.stringContaining("GATEWAY_OPERATOR_TOKEN"), extensions: { code: "FORBIDDEN" } }] });
    // The page itself carries no data: it loads, and says why it shows none.
    expect((await get(noToken, "/status")).status).toBe(200);

    const guarded = await gatewayWith({ production: true, nodeEnv: "production", operatorToken: OPERATOR_TOKEN });
    const missing = await get(guarded, "/status.json");
    expect([missing.status, missing.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="operator"']);
    expect((await get(guarded, "/status.json", { authorization: "Bearer operator-token-0123456789abcdeX" })).status).toBe(401);
    const granted = await get(guarded, "/status.json", { authorization: `Bearer ${OPERATOR_TOKEN}` });
    expect(granted.status).toBe(200);
    expect(((await granted.json()) as StatusReport).subgraphs.map((subgraph) => subgraph.name)).toEqual(["products", "stock"]);
  });
});

