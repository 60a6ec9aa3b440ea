import { POOLED_IDLE_TIMEOUT_MS, SUBGRAPH_HTTP_LIMITS } from "@platform/http";
import { loadSubgraphConfig } from "./subgraphConfig";

describe("loadSubgraphConfig: the HTTP server's limits", () => {
  it("defaults to SUBGRAPH_HTTP_LIMITS, a keep-alive timeout above the gateway's pooled idle time", () => {
    expect(loadSubgraphConfig("catalog", {}).http).toEqual(SUBGRAPH_HTTP_LIMITS);
    expect(SUBGRAPH_HTTP_LIMITS.keepAliveTimeoutMs).toBeGreaterThan(POOLED_IDLE_TIMEOUT_MS);
  });

  it("reads SUBGRAPH_HEADERS_TIMEOUT_MS, SUBGRAPH_REQUEST_TIMEOUT_MS, SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS and SUBGRAPH_MAX_CONNECTIONS", () => {
    const env = { SUBGRAPH_HEADERS_TIMEOUT_MS: "2000", SUBGRAPH_REQUEST_TIMEOUT_MS: "8000", SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS: "15000", SUBGRAPH_MAX_CONNECTIONS: "1024" };
    expect(loadSubgraphConfig("orders", env).http).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 8000, keepAliveTimeoutMs: 15_000, maxConnections: 1024 });
  });

  it("refuses a keep-alive timeout the gateway's pool could outlast, naming why", () => {
    expect(() => loadSubgraphConfig("catalog", { SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS: "4000" })).toThrow(
      /must be at least 5000 ms: 1000 ms above the 4000 ms for which the gateway keeps an idle pooled connection to a subgraph[\s\S]*SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS/,
    );
    expect(loadSubgraphConfig("catalog", { SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS: "5000" }).http?.keepAliveTimeoutMs).toBe(5000);
  });

  it("refuses headers allowed longer than the whole request, and nonsense", () => {
    expect(() => loadSubgraphConfig("catalog", { SUBGRAPH_HEADERS_TIMEOUT_MS: "40000" })).toThrow(/headersTimeoutMs \(40000\) must not exceed requestTimeoutMs \(30000\)/);
    expect(() => loadSubgraphConfig("catalog", { SUBGRAPH_REQUEST_TIMEOUT_MS: "0" })).toThrow(/SUBGRAPH_REQUEST_TIMEOUT_MS/);
    expect(() => loadSubgraphConfig("catalog", { SUBGRAPH_MAX_CONNECTIONS: "many" })).toThrow(/SUBGRAPH_MAX_CONNECTIONS/);
  });
});
