import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, request as httpRequest, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { startGateway, type RunningGateway } from "../../gateway/src/server";
import { DEV_API_KEYS } from "../support/callers";
import { type CapturedLogs, captureLogs, type LogRecord } from "./support/captureLogs";
import { composeOrThrow, type FixtureSubgraphs, startFixtureSubgraphs } from "./support/fixtureSubgraphs";
import { testGatewayConfig } from "./support/gatewayConfig";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** A pass-through HTTP proxy in front of a subgraph that keeps the headers of every request it relays. */
async function recordingProxy(target: string): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const upstream = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    seen.push(incoming.headers);
    const relay = httpRequest({ host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    incoming.pipe(relay);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe("request log", () => {
  let subgraphs: FixtureSubgraphs;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let directory: string;
  const gateways: RunningGateway[] = [];

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    proxy = await recordingProxy(subgraphs.products.url);
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-request-log-"));
    writeFileSync(path.join(directory, "supergraph.graphql"), await composeOrThrow(subgraphs.registry("v2", { products: proxy.url })));
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await proxy?.close();
    await subgraphs?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  async function gatewayWith(settings: Parameters<typeof testGatewayConfig>[0] extends infer T ? Partial<T> : never = {}): Promise<{ gateway: RunningGateway; logs: CapturedLogs }> {
    const logs = captureLogs("info");
    const gateway = await startGateway(testGatewayConfig({ supergraphPath: path.join(directory, "supergraph.graphql"), ...settings }), { logger: logs.logger });
    gateways.push(gateway);
    return { gateway, logs };
  }

  const send = (gateway: RunningGateway, body: object, headers: Record<string, string> = {}) =>
    fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json", "x-api-key": DEV_API_KEYS.web, ...headers }, body: JSON.stringify(body) });

  const requestLines = (logs: CapturedLogs): LogRecord[] => logs.records.filter((record) => record.msg === "graphql request");

  it("writes one line per request with its ids, operation, caller, status, subgraphs and cache outcome, and passes the ids to every subgraph", async () => {
    const { gateway, logs } = await gatewayWith();
    const response = await send(gateway, { query: 'query Kettle { product(id: "p1") { name inStock } }' }, { "x-request-id": "support-ticket-42", traceparent: TRACEPARENT });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("support-ticket-42");

    const lines = requestLines(logs);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      requestId: "support-ticket-42",
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      operationName: "Kettle",
      operationType: "query",
      channel: "WEB",
      status: 200,
      errors: 0,
      errorCodes: [],
      subgraphs: ["products", "stock"],
      cache: "none",
    });
    expect(typeof lines[0]!.durationMs).toBe("number");
    expect(lines[0]).not.toHaveProperty("store");

    const relayed = proxy.seen.filter((headers) => headers["x-request-id"] === "support-ticket-42");
    expect(relayed.length).toBeGreaterThan(0);
    for (const headers of relayed) expect(headers.traceparent).toBe(TRACEPARENT);
  });

  it("leaves out a traceparent that is not valid (and does not pass it on), and makes up a request id it passes on", async () => {
    const { gateway, logs } = await gatewayWith();
    const before = proxy.seen.length;
    const response = await send(gateway, { query: '{ product(id: "p1") { name } }' }, { traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01" });
    const id = response.headers.get("x-request-id");
    const [line] = requestLines(logs);
    expect(line).toMatchObject({ requestId: id, status: 200, subgraphs: ["products"] });
    expect(line).not.toHaveProperty("traceId");
    expect(line).not.toHaveProperty("operationName");
    const relayed = proxy.seen.slice(before);
    expect(relayed.map((headers) => headers["x-request-id"])).toEqual([id]);
    expect(relayed[0]).not.toHaveProperty("traceparent");
  });

  it("logs refusals, with their code, and never an operation name that is not a GraphQL name", async () => {
    const { gateway, logs } = await gatewayWith();
    const refused = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query Q { products { id } }", operationName: "jane.doe@example.com" }),
    });
    expect(refused.status).toBe(401);
    const named = await fetch(gateway.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "query Q { products { id } }", operationName: "Q" }) });
    expect(named.status).toBe(401);
    const lines = requestLines(logs);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ status: 401, errors: 1, errorCodes: ["UNAUTHENTICATED"], subgraphs: [], cache: "none" });
    expect(lines[0]).not.toHaveProperty("operationName");
    expect(lines[0]).not.toHaveProperty("channel");
    expect(lines[1]).toMatchObject({ status: 401, operationName: "Q" });
    expect(JSON.stringify(logs.records)).not.toContain("jane.doe");
  });

  it("samples successful requests by GATEWAY_REQUEST_LOG_SAMPLE and always logs errors", async () => {
    const { gateway, logs } = await gatewayWith({ requestLog: { sample: 0 } });
    expect((await send(gateway, { query: "query Products { products { id } }" })).status).toBe(200);
    const failed = await send(gateway, { query: "query Failing { failing }" });
    expect(failed.status).toBe(200);
    const lines = requestLines(logs);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ operationName: "Failing", status: 200, errors: 1, errorCodes: ["INTERNAL_SERVER_ERROR"], subgraphs: ["products"] });
  });

  it("reports the response cache's miss when the cache is on", async () => {
    const { gateway, logs } = await gatewayWith({ cache: { enabled: true, redisUrl: undefined } });
    await send(gateway, { query: "query Products { products { id } }" });
    expect(requestLines(logs)[0]).toMatchObject({ operationName: "Products", cache: "miss" });
  });
});
