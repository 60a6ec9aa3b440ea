import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { as, signedForSubgraph } from "../../support/callers";
import { postGraphQL } from "../../support/graphqlClient";
import { eventually, openRawConnection } from "../../support/rawSockets";
import { startSubgraphProcess } from "../../support/subgraphProcess";

/**
 * Each subgraph as its own process, the way `npm start` runs it: first start migrates and seeds
 * its embedded database, a restart on the same data directory does neither, and both SIGTERM
 * and SIGINT stop it with exit code 0.
 */
const cases: [name: string, query: string, expected: Record<string, unknown>][] = [
  ["catalog", '{ product(id: "prod-0007") { id } }', { product: { id: "prod-0007" } }],
  ["inventory", '{ store(id: "store-london-oxford-st") { code } }', { store: { code: "LON01" } }],
  ["customer", '{ customer(id: "cust-0007") { id } }', { customer: { id: "cust-0007" } }],
  ["orders", '{ order(id: "order-0008") { number } }', { order: { number: "NW-100008" } }],
];

describe.each(cases)("the %s subgraph process", (name, query, expected) => {
  let dataDir: string;
  const messages = (logs: { msg: string }[]) => logs.map((entry) => entry.msg);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), `${name}-process-`));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("migrates and seeds on first start, answers, and exits 0 on SIGTERM", async () => {
    const running = await startSubgraphProcess(name, dataDir);
    expect((await postGraphQL(running.url, query, {}, signedForSubgraph(as.admin()))).body.data).toEqual(expected);
    expect(messages(running.logs)).toContain("applied migrations");
    expect(messages(running.logs).some((message) => message.startsWith("seeded demo"))).toBe(true);
    expect(await running.stop("SIGTERM")).toBe(0);
  });

  it("on a second start applies and writes nothing, serves the same data, and exits 0 on SIGINT", async () => {
    const running = await startSubgraphProcess(name, dataDir);
    expect((await postGraphQL(running.url, query, {}, signedForSubgraph(as.admin()))).body.data).toEqual(expected);
    expect(messages(running.logs)).not.toContain("applied migrations");
    expect(messages(running.logs).some((message) => message.startsWith("seeded demo"))).toBe(false);
    expect(await running.stop("SIGINT")).toBe(0);
  });
});

describe("a subgraph process's HTTP server limits, from its environment", () => {
  let dataDir: string;
  const limits = { SUBGRAPH_HEADERS_TIMEOUT_MS: "500", SUBGRAPH_REQUEST_TIMEOUT_MS: "1000", SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS: "5000", SUBGRAPH_MAX_CONNECTIONS: "50" };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "catalog-http-limits-"));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers a slow client 408, counts a dropped request without an ERROR line, and reports both in /health", async () => {
    const running = await startSubgraphProcess("catalog", dataDir, { env: { ...limits, SEED_DEMO_DATA: "false", LOG_LEVEL: "debug" } });
    try {
      const slow = await openRawConnection(running.port);
      await slow.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 80\r\n\r\n{");
      const answer = await slow.response(3500);
      expect(answer.status).toBe(408);
      expect(answer.json().errors[0]).toEqual({ message: "The request's body did not arrive within 1000 ms", extensions: { code: "REQUEST_TIMEOUT" } });

      const dropped = await openRawConnection(running.port);
      await dropped.write("POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 80\r\n\r\n{");
      await new Promise((resolve) => setTimeout(resolve, 100));
      dropped.destroy();

      const health = async () => (await (await fetch(new URL("/health", running.url))).json()) as { http: { counts: { aborted: number } } };
      await eventually(async () => (await health()).http.counts.aborted === 1, 3000, "the dropped request counted");
      expect((await health()).http).toEqual({
        limits: { headersTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 5000, maxConnections: 50 },
        counts: { aborted: 1, timedOut: 1, refusedConnections: 0 },
      });
      expect(running.logs.filter((entry) => (entry as { level?: number }).level! >= 50)).toEqual([]);
      expect(running.logs.map((entry) => entry.msg)).toContain("client went away before its request was answered");
    } finally {
      expect(await running.stop("SIGTERM")).toBe(0);
    }
  });

  it("refuses to start with a keep-alive timeout the gateway's pooled connections could outlast", async () => {
    await expect(startSubgraphProcess("catalog", dataDir, { env: { SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS: "3000", SEED_DEMO_DATA: "false" }, readyTimeoutMs: 60_000 })).rejects.toThrow(
      /exited with 1 before it was ready/,
    );
  });
});
