import { POOLED_IDLE_TIMEOUT_MS, SUBGRAPH_HTTP_LIMITS } from "@platform/http";
import { loadSubgraphConfig, SUBGRAPH_VARIABLES } from "./subgraphConfig";

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

describe("loadSubgraphConfig: an empty variable is not set", () => {
  it("gives every optional variable its default (REDIS_URL= is no Redis, PORT= the registry's port, DATABASE_URL= PGlite)", () => {
    const empty = { ...Object.fromEntries(SUBGRAPH_VARIABLES.map((name) => [name, ""])), DATABASE_URL: "", DATA_DIR: " " };
    const config = loadSubgraphConfig("catalog", empty);
    expect(config).toEqual(loadSubgraphConfig("catalog", {}));
    expect(config.redisUrl).toBeUndefined();
    expect(config.database.kind).toBe("pglite");
    expect(config.port).toBe(4001);
  });

  it("refuses an empty SERVICE_SECRET in production, saying it is set but empty", () => {
    expect(() => loadSubgraphConfig("catalog", { NODE_ENV: "production", SERVICE_SECRET: "" })).toThrow(
      /SERVICE_SECRET is required in production \(the same value for every subgraph\) \(SERVICE_SECRET is set but empty\)/,
    );
  });
});
