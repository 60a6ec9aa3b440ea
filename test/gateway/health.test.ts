import { readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { close, GATEWAY_HTTP_LIMITS, type HttpServerLimits, listen } from "@platform/http";
import { eventually, openRawConnection } from "../support/rawSockets";
import { createHealthRoute, type HealthReport } from "../../gateway/src/health";
import type { GatewayConfig } from "../../gateway/src/config";
import { startGateway, type RunningGateway } from "../../gateway/src/server";
import { supergraphHash } from "../../gateway/src/supergraph";
import { postGraphQL } from "../support/graphqlClient";
import { useFixtureSubgraphGateways } from "./support/fixtureGateways";
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
      http: { limits: GATEWAY_HTTP_LIMITS, counts: { aborted: 0, timedOut: 0, refusedConnections: 0 } },
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

describe("gateway HTTP server limits (short ones), against slow clients over raw sockets", () => {
  const limits: HttpServerLimits = { headersTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 1000, maxConnections: 2 };
  const lines: { level: number; msg: string }[] = [];
  let subgraphs: FixtureSubgraphs;
  let directory: string;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-http-limits-"));
    const supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, await composeOrThrow(subgraphs.registry("v1")));
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    gateway = await startGateway(testGatewayConfig({ supergraphPath, http: limits }), { logger: pino({ level: "debug" }, sink) });
  });

  afterAll(async () => {
    await gateway?.stop();
    await subgraphs?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Over a raw connection of its own, closed after the answer: no pooled connection lingers to count against the limit. */
  const health = async (): Promise<HealthReport> => {
    const connection = await openRawConnection(gateway.port);
    try {
      await connection.write("GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n");
      return (await connection.response(2000)).json();
    } finally {
      connection.destroy();
    }
  };

  it("answers slow headers and a slow body with a JSON 408, counts them, and drops a request cut short without an ERROR line", async () => {
    const slowHeaders = await openRawConnection(gateway.port);
    await slowHeaders.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\n");
    const slowBody = await openRawConnection(gateway.port);
    await slowBody.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 80\r\n\r\n{");
    const [headersAnswer, bodyAnswer] = await Promise.all([slowHeaders.response(3000), slowBody.response(3500)]);
    expect([headersAnswer.status, headersAnswer.json().errors[0].extensions.code]).toEqual([408, "REQUEST_TIMEOUT"]);
    expect(bodyAnswer.json().errors[0].message).toBe("The request's body did not arrive within 1000 ms");
    await Promise.all([slowHeaders.closed(1000), slowBody.closed(1000)]);

    const dropped = await openRawConnection(gateway.port);
    await dropped.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 80\r\n\r\n{");
    await new Promise((resolve) => setTimeout(resolve, 100));
    dropped.destroy();
    await eventually(async () => (await health()).http?.counts.aborted === 1, 3000, "the dropped request counted");

    expect((await health()).http).toEqual({ limits, counts: { aborted: 1, timedOut: 2, refusedConnections: 0 } });
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it("refuses a connection beyond GATEWAY_MAX_CONNECTIONS and reports it", async () => {
    const held = [await openRawConnection(gateway.port), await openRawConnection(gateway.port)];
    try {
      const refused = await openRawConnection(gateway.port);
      expect((await refused.closed(2000)).received).toBe("");
    } finally {
      for (const connection of held) connection.destroy();
    }
    // A probe sent before the server has seen the held connections close is refused too, and counted.
    let refusedProbes = 0;
    let report: HealthReport | undefined;
    await eventually(
      async () => {
        try {
          report = await health();
          return true;
        } catch {
          refusedProbes += 1;
          return false;
        }
      },
      3000,
      "the gateway serving again once the held connections closed",
    );
    expect(report!.http?.counts.refusedConnections).toBe(1 + refusedProbes);
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

describe("the detailed /health and the operator token (GATEWAY_OPERATOR_TOKEN)", () => {
  const OPERATOR_TOKEN = "operator-token-0123456789abcdef";
  const suite = useFixtureSubgraphGateways("gateway-health-operator-");

  const gatewayWith = (overrides: Partial<GatewayConfig>) =>
    suite.start({ subgraphUrlOverrides: { products: suite.fixtures.products.url, stock: suite.fixtures.stock.url }, ...overrides });
  const get = (gateway: RunningGateway, pathname: string, token?: string) =>
    fetch(new URL(pathname, gateway.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("in production without a token: the probes stay open with the status only, the detailed report answers 403 saying why", async () => {
    const gateway = await gatewayWith({ production: true, nodeEnv: "production" });
    const live = await get(gateway, "/health/live");
    expect([live.status, await live.json()]).toEqual([200, { status: "live" }]);
    const ready = await get(gateway, "/health/ready");
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
    const detailed = await get(gateway, "/health", "anything-at-all-0123456789");
    expect(detailed.status).toBe(403);
    const body = (await detailed.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toEqual({ message: expect.stringContaining("GATEWAY_OPERATOR_TOKEN"), extensions: { code: "FORBIDDEN" } });
    expect(JSON.stringify(body)).not.toContain(suite.fixtures.products.url);
  });

  it("in production with the token: 401 without it or with another, the report with it; the probes still need nothing", async () => {
    const gateway = await gatewayWith({ production: true, nodeEnv: "production", operatorToken: OPERATOR_TOKEN });
    const missing = await get(gateway, "/health");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="operator"');
    expect((await missing.json()) as unknown).toEqual({ errors: [{ message: expect.stringContaining("operator token"), extensions: { code: "UNAUTHENTICATED" } }] });
    expect((await get(gateway, "/health", `${OPERATOR_TOKEN}x`)).status).toBe(401);
    expect((await fetch(new URL("/health", gateway.url), { headers: { authorization: `Basic ${OPERATOR_TOKEN}` } })).status).toBe(401);
    const granted = await get(gateway, "/health", OPERATOR_TOKEN);
    expect(granted.status).toBe(200);
    expect(((await granted.json()) as HealthReport).subgraphs.map((subgraph) => subgraph.url)).toEqual([suite.fixtures.products.url, suite.fixtures.stock.url]);
    expect((await get(gateway, "/health/ready")).status).toBe(200);
    expect((await get(gateway, "/health/live")).status).toBe(200);
  });

  it("outside production: open without a token, guarded once one is set", async () => {
    expect((await get(await gatewayWith({}), "/health")).status).toBe(200);
    const guarded = await gatewayWith({ operatorToken: OPERATOR_TOKEN });
    expect((await get(guarded, "/health")).status).toBe(401);
    expect((await get(guarded, "/health", OPERATOR_TOKEN)).status).toBe(200);
    expect((await get(guarded, "/health/ready")).status).toBe(200);
  });
});
