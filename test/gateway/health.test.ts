import { readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { close, listen } from "../../subgraphs/shared/src/http";
import { createHealthRoute, type HealthReport } from "../../gateway/src/health";
import { startGateway, type RunningGateway } from "../../gateway/src/server";
import { supergraphHash } from "../../gateway/src/supergraph";
import { postGraphQL } from "../support/graphqlClient";
import { composeOrThrow, type FixtureSubgraphs, startFixtureSubgraphs } from "./support/fixtureSubgraphs";
import { testGatewayConfig } from "./support/gatewayConfig";

describe("gateway health and start-up (development gateway)", () => {
  let subgraphs: FixtureSubgraphs;
  let directory: string;
  let supergraphPath: string;
  let gateway: RunningGateway;
  const started = Date.now();

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-health-"));
    supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, await composeOrThrow(subgraphs.registry("v1")));
    gateway = await startGateway(testGatewayConfig({ supergraphPath, subgraphUrlOverrides: { stock: "http://127.0.0.1:1/graphql" } }));
  });

  afterAll(async () => {
    await gateway?.stop();
    await subgraphs?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const get = (pathname: string) => fetch(new URL(pathname, gateway.url));
  /** No query has been sent yet (the figures after traffic are tested in resilience.test.ts). */
  const idleBreaker = {
    breaker: { state: "closed", since: expect.any(String) },
    windowMs: 10_000,
    errorRate: 0,
    calls: { total: 0, failures: 0, rejected: 0 },
    latencyMs: null,
  };

  it("GET /health/live is 200 while the process is up", async () => {
    const response = await get("/health/live");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "live" });
  });

  it("GET /health/ready is 200 once the supergraph is loaded and the server listens", async () => {
    const response = await get("/health/ready");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });

  it("GET /health reports the serving supergraph, the subgraphs at the URLs actually used, and their breakers", async () => {
    const response = await get("/health?verbose=1");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const report = (await response.json()) as HealthReport;
    expect(report).toEqual({
      status: "ready",
      cache: { enabled: false },
      rateLimit: { enabled: false },
      supergraph: { hash: supergraphHash(readFileSync(supergraphPath, "utf8")), loadedAt: expect.any(String) },
      subgraphs: [
        { name: "products", url: subgraphs.products.url, ...idleBreaker },
        { name: "stock", url: "http://127.0.0.1:1/graphql", ...idleBreaker }, // SUBGRAPH_STOCK_URL wins over the supergraph
      ],
    });
    expect(Date.parse(report.supergraph!.loadedAt)).toBeGreaterThanOrEqual(started - 1000);
  });

  it("refuses anything but GET and HEAD on the health routes", async () => {
    const response = await fetch(new URL("/health/ready", gateway.url), { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });

  it("allows introspection and shows stack traces outside production", async () => {
    expect((await postGraphQL(gateway.url, "{ __type(name: \"Product\") { name } }")).body.data).toEqual({ __type: { name: "Product" } });
    const failing = await postGraphQL(gateway.url, "{ failing }");
    expect(failing.body.errors?.[0]).toMatchObject({
      message: "connection to db-internal-7:5432 refused",
      extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: expect.any(Array) },
    });
  });

  it("refuses to start without a supergraph file, saying how to make one", async () => {
    await expect(startGateway(testGatewayConfig({ supergraphPath: path.join(directory, "absent.graphql") }))).rejects.toThrow(
      /Supergraph file not found: .*absent\.graphql \(run `npm run compose`/,
    );
  });

  it("refuses to start on an invalid supergraph", async () => {
    const invalid = path.join(directory, "invalid.graphql");
    writeFileSync(invalid, "type Query { hello: String }\n");
    await expect(startGateway(testGatewayConfig({ supergraphPath: invalid }))).rejects.toThrow();
  });

  it("rejects when its port is taken, and releases what it started", async () => {
    await expect(startGateway(testGatewayConfig({ supergraphPath, port: gateway.port }))).rejects.toThrow(/EADDRINUSE/);
  });
});

describe("health route", () => {
  it("answers 503 on /health/ready and /health until the gateway is ready", async () => {
    let report: HealthReport = { status: "starting", supergraph: null, subgraphs: [], cache: { enabled: false } };
    const route = createHealthRoute(() => report);
    const server = createServer((request, response) => {
      void Promise.resolve(route(request, response)).then((handled) => handled || response.writeHead(418).end());
    });
    const port = await listen(server, 0, "127.0.0.1");
    const status = async (pathname: string) => (await fetch(`http://127.0.0.1:${port}${pathname}`)).status;
    try {
      expect([await status("/health/live"), await status("/health/ready"), await status("/health")]).toEqual([200, 503, 503]);
      report = { ...report, status: "stopping" };
      expect(await status("/health/ready")).toBe(503);
      report = { ...report, status: "ready" };
      expect([await status("/health/ready"), await status("/health")]).toEqual([200, 200]);
      expect(await status("/health/other")).toBe(418); // not a health route: left to the next handler
    } finally {
      await close(server);
    }
  });
});
