import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEVELOPMENT_TOKENS } from "../../gateway/src/auth";
import { DEVELOPMENT_API_KEYS_PATH, GATEWAY_VARIABLES, graphqlEndpoint, loadGatewayConfig } from "../../gateway/src/config";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";
import { resolveResilienceSettings } from "../../gateway/src/datasource";
import { DEFAULT_SERVICE_LEVELS, REPO_ROOT, type SubgraphEntry } from "@platform/registry";

/** What production must be given instead of the development defaults. */
const PRODUCTION_SECRETS = {
  SERVICE_SECRET: "s".repeat(40),
  API_KEYS_PATH: "/etc/gateway/api-keys.json",
  JWT_SECRET: "j".repeat(40),
  JWT_ISSUER: "https://idp.example",
  JWT_AUDIENCE: "commerce",
};

const REGISTRY: SubgraphEntry[] = [
  { name: "catalog", url: "http://127.0.0.1:4001/graphql", sdl: "catalog.graphql" },
  { name: "inventory", url: "http://127.0.0.1:4002/graphql", sdl: "inventory.graphql" },
];

describe("loadGatewayConfig", () => {
  it("has defaults for a development machine", () => {
    expect(loadGatewayConfig({}, REGISTRY)).toEqual({
      host: "127.0.0.1",
      port: 4000,
      nodeEnv: "development",
      production: false,
      logLevel: "info",
      supergraphPath: path.join(REPO_ROOT, "schema/supergraph.graphql"),
      subgraphUrlOverrides: {},
      requestDeadlineMs: 10_000,
      subgraphResilience: {},
      subgraphServiceLevels: { catalog: DEFAULT_SERVICE_LEVELS, inventory: DEFAULT_SERVICE_LEVELS },
      cache: { enabled: true, redisUrl: undefined, keyPrefix: "gw:" },
      coalesceQueries: true,
      cors: { origins: ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"], maxAgeSeconds: 7200 },
      serviceSecret: DEVELOPMENT_SERVICE_SECRET,
      auth: {
        apiKeysPath: DEVELOPMENT_API_KEYS_PATH,
        tokens: { issuer: DEVELOPMENT_TOKENS.issuer, audience: DEVELOPMENT_TOKENS.audience, keys: { kind: "secret", secret: DEVELOPMENT_TOKENS.secret } },
        staffKeys: { associatesOnAnyKey: false, adminsOnAnyKey: false },
      },
      limits: {
        maxDepth: 12,
        maxAliases: 30,
        maxCost: 20_000,
        defaultListSize: 10,
        maxDocumentBytes: 32 * 1024,
        persistedOperationsPath: undefined,
        bodyLimitBytes: 1024 * 1024,
      },
      rateLimit: {
        enabled: true,
        redisUrl: undefined,
        keyPrefix: "gw:rl:",
        ipPerMinute: 600,
        keyPerMinute: 3000,
        serverKeyPerMinute: 30_000,
        allow: [],
        trustProxyHops: 0,
        bot: { burstPerSecond: 20, noAgentPerMinute: 30, denyAgents: expect.stringContaining("sqlmap") },
      },
      http: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5000, maxConnections: 4096 },
      ide: true,
      serveSchema: true,
      requestLog: { sample: 1 },
      metrics: { enabled: true, token: undefined },
      operatorToken: undefined,
      statusPage: true,
    });
  });

  it("reads GATEWAY_METRICS and GATEWAY_METRICS_TOKEN; refuses a short token", () => {
    expect(loadGatewayConfig({ GATEWAY_METRICS: "off" }, REGISTRY).metrics).toEqual({ enabled: false, token: undefined });
    expect(loadGatewayConfig({ GATEWAY_METRICS_TOKEN: "scrape-token-0123456789" }, REGISTRY).metrics).toEqual({ enabled: true, token: "scrape-token-0123456789" });
    expect(() => loadGatewayConfig({ GATEWAY_METRICS_TOKEN: "short" }, REGISTRY)).toThrow(/GATEWAY_METRICS_TOKEN/);
    expect(() => loadGatewayConfig({ GATEWAY_METRICS: "yes" }, REGISTRY)).toThrow(/GATEWAY_METRICS/);
  });

  it("reads GATEWAY_OPERATOR_TOKEN, which opens /metrics too unless GATEWAY_METRICS_TOKEN names the scraper's own; refuses a short one", () => {
    const operator = loadGatewayConfig({ GATEWAY_OPERATOR_TOKEN: "operator-token-0123456789" }, REGISTRY);
    expect([operator.operatorToken, operator.metrics]).toEqual(["operator-token-0123456789", { enabled: true, token: "operator-token-0123456789" }]);
    const both = loadGatewayConfig({ GATEWAY_OPERATOR_TOKEN: "operator-token-0123456789", GATEWAY_METRICS_TOKEN: "scrape-token-0123456789" }, REGISTRY);
    expect([both.operatorToken, both.metrics]).toEqual(["operator-token-0123456789", { enabled: true, token: "scrape-token-0123456789" }]);
    expect(() => loadGatewayConfig({ GATEWAY_OPERATOR_TOKEN: "short" }, REGISTRY)).toThrow(/GATEWAY_OPERATOR_TOKEN must be at least 16 characters/);
    expect(() => loadGatewayConfig({ GATEWAY_OPERATOR_TOKEN: "operator token 0123456789" }, REGISTRY)).toThrow(/printable ASCII without spaces/);
  });

  it("serves the status page outside production, not in production unless GATEWAY_STATUS_PAGE turns it on", () => {
    expect(loadGatewayConfig({ NODE_ENV: "production", ...PRODUCTION_SECRETS }, REGISTRY).statusPage).toBe(false);
    expect(loadGatewayConfig({ NODE_ENV: "production", ...PRODUCTION_SECRETS, GATEWAY_STATUS_PAGE: "on" }, REGISTRY).statusPage).toBe(true);
    expect(loadGatewayConfig({ GATEWAY_STATUS_PAGE: "off" }, REGISTRY).statusPage).toBe(false);
    expect(() => loadGatewayConfig({ GATEWAY_STATUS_PAGE: "yes" }, REGISTRY)).toThrow(/GATEWAY_STATUS_PAGE/);
  });

  it("reads the HTTP server's limits, and refuses what they cannot be", () => {
    const env = { GATEWAY_HEADERS_TIMEOUT_MS: "2000", GATEWAY_REQUEST_TIMEOUT_MS: "4000", GATEWAY_KEEP_ALIVE_TIMEOUT_MS: "65000", GATEWAY_MAX_CONNECTIONS: "0" };
    expect(loadGatewayConfig(env, REGISTRY).http).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 65_000, maxConnections: 0 });
    expect(() => loadGatewayConfig({ GATEWAY_HEADERS_TIMEOUT_MS: "0" }, REGISTRY)).toThrow(/GATEWAY_HEADERS_TIMEOUT_MS/);
    expect(() => loadGatewayConfig({ GATEWAY_MAX_CONNECTIONS: "-1" }, REGISTRY)).toThrow(/GATEWAY_MAX_CONNECTIONS/);
    expect(() => loadGatewayConfig({ GATEWAY_HEADERS_TIMEOUT_MS: "40000" }, REGISTRY)).toThrow(/headersTimeoutMs \(40000\) must not exceed requestTimeoutMs \(30000\)/);
  });

  it("reads the operation limits, the persisted operations manifest and the body limit, and refuses what they cannot be", () => {
    const env = {
      GATEWAY_MAX_DEPTH: "8",
      GATEWAY_MAX_ALIASES: "0",
      GATEWAY_MAX_COST: "900",
      GATEWAY_DEFAULT_LIST_SIZE: "25",
      GATEWAY_MAX_DOCUMENT_BYTES: "4096",
      GATEWAY_PERSISTED_OPERATIONS: "ops/manifest.json",
      GATEWAY_BODY_LIMIT_BYTES: "65536",
    };
    expect(loadGatewayConfig(env, REGISTRY).limits).toEqual({
      maxDepth: 8,
      maxAliases: 0,
      maxCost: 900,
      defaultListSize: 25,
      maxDocumentBytes: 4096,
      persistedOperationsPath: path.join(REPO_ROOT, "ops/manifest.json"),
      bodyLimitBytes: 65536,
    });
    expect(() => loadGatewayConfig({ GATEWAY_MAX_DEPTH: "0" }, REGISTRY)).toThrow(/GATEWAY_MAX_DEPTH/);
    expect(() => loadGatewayConfig({ GATEWAY_MAX_COST: "lots" }, REGISTRY)).toThrow(/GATEWAY_MAX_COST/);
    expect(() => loadGatewayConfig({ GATEWAY_BODY_LIMIT_BYTES: "1.5" }, REGISTRY)).toThrow(/GATEWAY_BODY_LIMIT_BYTES/);
    expect(() => loadGatewayConfig({ GATEWAY_REQUEST_LOG_SAMPLE: "1.5" }, REGISTRY)).toThrow(/GATEWAY_REQUEST_LOG_SAMPLE/);
    expect(() => loadGatewayConfig({ GATEWAY_REQUEST_LOG_SAMPLE: "some" }, REGISTRY)).toThrow(/GATEWAY_REQUEST_LOG_SAMPLE/);
    expect(loadGatewayConfig({ GATEWAY_REQUEST_LOG_SAMPLE: "0.25" }, REGISTRY).requestLog).toEqual({ sample: 0.25 });
  });

  it("reads the rate limits and the bot rule, and refuses what they cannot be", () => {
    const config = loadGatewayConfig(
      {
        GATEWAY_RATE_LIMIT: "off",
        REDIS_URL: "redis://cache:6379",
        GATEWAY_CACHE_PREFIX: "eu:",
        GATEWAY_RATE_LIMIT_IP_PER_MINUTE: "100",
        GATEWAY_RATE_LIMIT_KEY_PER_MINUTE: "5000",
        GATEWAY_RATE_LIMIT_SERVER_KEY_PER_MINUTE: "90000",
        GATEWAY_RATE_LIMIT_ALLOW: "10.0.0.0/8, 192.168.1.7,::1",
        GATEWAY_TRUST_PROXY: "2",
        GATEWAY_BOT_BURST_PER_SECOND: "0",
        GATEWAY_BOT_NO_AGENT_PER_MINUTE: "0",
        GATEWAY_BOT_DENY_AGENTS: "",
      },
      REGISTRY,
    );
    expect(config.rateLimit).toEqual({
      enabled: false,
      redisUrl: "redis://cache:6379",
      keyPrefix: "eu:rl:",
      ipPerMinute: 100,
      keyPerMinute: 5000,
      serverKeyPerMinute: 90_000,
      allow: ["10.0.0.0/8", "192.168.1.7", "::1"],
      trustProxyHops: 2,
      bot: { burstPerSecond: 0, noAgentPerMinute: 0, denyAgents: "" },
    });
    expect(loadGatewayConfig({ GATEWAY_TRUST_PROXY: "on" }, REGISTRY).rateLimit.trustProxyHops).toBe(1);
    for (const [name, value] of [
      ["GATEWAY_RATE_LIMIT", "sometimes"],
      ["GATEWAY_RATE_LIMIT_IP_PER_MINUTE", "0"],
      ["GATEWAY_RATE_LIMIT_SERVER_KEY_PER_MINUTE", "-5"],
      ["GATEWAY_RATE_LIMIT_ALLOW", "10.0.0.0/33"],
      ["GATEWAY_RATE_LIMIT_ALLOW", "intranet"],
      ["GATEWAY_TRUST_PROXY", "yes"],
      ["GATEWAY_BOT_DENY_AGENTS", "(unclosed"],
    ] as const) {
      expect(() => loadGatewayConfig({ [name]: value }, REGISTRY)).toThrow(new RegExp(name));
    }
  });

  it("reads the CORS origins (none by default in production) and the preflight's max age, and refuses what they cannot be", () => {
    const env = { GATEWAY_CORS_ORIGINS: "https://shop.example.com, https://*.example.com ,http://127.0.0.1:*", GATEWAY_CORS_MAX_AGE_SECONDS: "600" };
    expect(loadGatewayConfig(env, REGISTRY).cors).toEqual({ origins: ["https://shop.example.com", "https://*.example.com", "http://127.0.0.1:*"], maxAgeSeconds: 600 });
    expect(loadGatewayConfig({ GATEWAY_CORS_ORIGINS: "none" }, REGISTRY).cors.origins).toEqual([]);
    expect(loadGatewayConfig({ GATEWAY_CORS_ORIGINS: "*" }, REGISTRY).cors.origins).toEqual(["*"]);
    expect(loadGatewayConfig({ NODE_ENV: "production", ...PRODUCTION_SECRETS }, REGISTRY).cors.origins).toEqual([]);
    for (const value of ["shop.example.com", "https://shop.example.com/", "https://*.com"]) {
      expect(() => loadGatewayConfig({ GATEWAY_CORS_ORIGINS: value }, REGISTRY)).toThrow(/GATEWAY_CORS_ORIGINS/);
    }
    expect(() => loadGatewayConfig({ GATEWAY_CORS_MAX_AGE_SECONDS: "-1" }, REGISTRY)).toThrow(/GATEWAY_CORS_MAX_AGE_SECONDS/);
  });

  it("reads GATEWAY_CACHE and REDIS_URL, and refuses what they cannot be", () => {
    expect(loadGatewayConfig({ GATEWAY_CACHE: "off", REDIS_URL: "redis://cache:6379" }, REGISTRY).cache).toEqual({ enabled: false, redisUrl: "redis://cache:6379", keyPrefix: "gw:" });
    expect(() => loadGatewayConfig({ GATEWAY_CACHE: "maybe" }, REGISTRY)).toThrow(/GATEWAY_CACHE/);
    expect(() => loadGatewayConfig({ REDIS_URL: "http://cache:6379" }, REGISTRY)).toThrow(/REDIS_URL/);
  });

  it("reads the environment, and SUBGRAPH_<NAME>_URL for the registry's subgraphs", () => {
    const config = loadGatewayConfig(
      {
        PORT: "8080",
        HOST: "0.0.0.0",
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        SUPERGRAPH_PATH: "/etc/gateway/supergraph.graphql",
        REQUEST_DEADLINE_MS: "2500",
        SUBGRAPH_INVENTORY_URL: "http://inventory:4002/graphql",
        SUBGRAPH_UNKNOWN_URL: "http://nowhere/graphql",
        ...PRODUCTION_SECRETS,
      },
      REGISTRY,
    );
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      production: true,
      logLevel: "warn",
      supergraphPath: "/etc/gateway/supergraph.graphql",
      requestDeadlineMs: 2500,
      // The IDE and the schema file are development aids, off in production unless turned on.
      ide: false,
      serveSchema: false,
    });
    expect(config.subgraphUrlOverrides).toEqual({ inventory: "http://inventory:4002/graphql" });
  });

  it("turns the IDE and the schema file on in production, or off in development, when told; refuses other values", () => {
    const production = loadGatewayConfig({ NODE_ENV: "production", ...PRODUCTION_SECRETS, GATEWAY_IDE: "on", GATEWAY_SERVE_SCHEMA: "on" }, REGISTRY);
    expect([production.ide, production.serveSchema]).toEqual([true, true]);
    const development = loadGatewayConfig({ GATEWAY_IDE: "off", GATEWAY_SERVE_SCHEMA: "off" }, REGISTRY);
    expect([development.ide, development.serveSchema]).toEqual([false, false]);
    expect(() => loadGatewayConfig({ GATEWAY_IDE: "yes" }, REGISTRY)).toThrow(/GATEWAY_IDE/);
  });

  it("refuses to start in production on the development secrets, keys or token issuer", () => {
    expect(() => loadGatewayConfig({ NODE_ENV: "production" }, REGISTRY)).toThrow(
      /SERVICE_SECRET is required[\s\S]*API_KEYS_PATH is required[\s\S]*JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL is required[\s\S]*JWT_ISSUER and JWT_AUDIENCE/,
    );
    expect(() => loadGatewayConfig({ NODE_ENV: "production", ...PRODUCTION_SECRETS, API_KEYS_PATH: "gateway/dev-api-keys.json" }, REGISTRY)).toThrow(/must not be the development key file/);
    expect(() => loadGatewayConfig({ ...PRODUCTION_SECRETS, JWT_JWKS_URL: "https://idp.example/jwks" }, REGISTRY)).toThrow(/only one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL/);
  });

  it("turns query coalescing off with GATEWAY_COALESCE_QUERIES=off, and refuses other values", () => {
    expect(loadGatewayConfig({ GATEWAY_COALESCE_QUERIES: "off" }, REGISTRY).coalesceQueries).toBe(false);
    expect(() => loadGatewayConfig({ GATEWAY_COALESCE_QUERIES: "maybe" }, REGISTRY)).toThrow(/GATEWAY_COALESCE_QUERIES/);
  });

  it("reads where keys and tokens come from", () => {
    const config = loadGatewayConfig({ NODE_ENV: "production", ...PRODUCTION_SECRETS, JWT_SECRET: undefined, JWT_JWKS_URL: "https://idp.example/.well-known/jwks.json" }, REGISTRY);
    expect(config.serviceSecret).toBe(PRODUCTION_SECRETS.SERVICE_SECRET);
    expect(config.auth).toEqual({
      apiKeysPath: "/etc/gateway/api-keys.json",
      tokens: { issuer: "https://idp.example", audience: "commerce", keys: { kind: "jwks", url: "https://idp.example/.well-known/jwks.json" } },
      staffKeys: { associatesOnAnyKey: false, adminsOnAnyKey: false },
    });
  });

  it("relaxes where staff may sign in with GATEWAY_ASSOCIATES_ON_ANY_KEY and GATEWAY_ADMINS_ON_ANY_KEY, and refuses other values", () => {
    expect(loadGatewayConfig({ GATEWAY_ASSOCIATES_ON_ANY_KEY: "on" }, REGISTRY).auth.staffKeys).toEqual({ associatesOnAnyKey: true, adminsOnAnyKey: false });
    expect(loadGatewayConfig({ GATEWAY_ADMINS_ON_ANY_KEY: "on" }, REGISTRY).auth.staffKeys).toEqual({ associatesOnAnyKey: false, adminsOnAnyKey: true });
    expect(() => loadGatewayConfig({ GATEWAY_ADMINS_ON_ANY_KEY: "yes" }, REGISTRY)).toThrow(/GATEWAY_ADMINS_ON_ANY_KEY/);
  });

  it("fails with every problem named", () => {
    expect(() => loadGatewayConfig({ PORT: "http", LOG_LEVEL: "loud", REQUEST_DEADLINE_MS: "0", SUBGRAPH_CATALOG_URL: "catalog:4001" }, REGISTRY)).toThrow(
      /Invalid gateway environment:[\s\S]*PORT[\s\S]*LOG_LEVEL[\s\S]*REQUEST_DEADLINE_MS[\s\S]*SUBGRAPH_CATALOG_URL/,
    );
  });

  it("resolves each registry entry's service levels over the defaults", () => {
    const registry: SubgraphEntry[] = [{ ...REGISTRY[0]!, serviceLevels: { latency: { percentile: 0.95, objectiveMs: 250 } } }, REGISTRY[1]!];
    expect(loadGatewayConfig({}, registry).subgraphServiceLevels).toEqual({
      catalog: { latency: { percentile: 0.95, objectiveMs: 250 }, availability: { target: 0.999 } },
      inventory: { latency: { percentile: 0.99, objectiveMs: 500 }, availability: { target: 0.999 } },
    });
  });

  it("keeps each registry entry's resilience block, as written", () => {
    const registry: SubgraphEntry[] = [{ ...REGISTRY[0]!, resilience: { timeoutMs: 800, retry: { maxRetries: 0 } } }, REGISTRY[1]!];
    expect(loadGatewayConfig({}, registry).subgraphResilience).toEqual({ catalog: { timeoutMs: 800, retry: { maxRetries: 0 } } });
  });
});

describe("an empty variable is not set", () => {
  /** Every variable, empty, as a compose file (`REDIS_URL: ${REDIS_URL}`) or `export REDIS_URL=` leaves it; blanks too. */
  const everyVariableEmpty = (): Record<string, string> => ({
    ...Object.fromEntries(GATEWAY_VARIABLES.map((name, index) => [name, index % 2 ? "" : "  "])),
    SUBGRAPH_CATALOG_URL: "",
    SUBGRAPH_INVENTORY_URL: " ",
    SUBGRAPH_REGISTRY_PATH: "",
  });

  it("gives every optional variable its default, REDIS_URL= included (no \"Invalid URL\")", () => {
    const empty = everyVariableEmpty();
    delete empty.GATEWAY_BOT_DENY_AGENTS; // its empty value is a setting of its own (below)
    expect(loadGatewayConfig({ REDIS_URL: "" }, REGISTRY).cache.redisUrl).toBeUndefined();
    expect(loadGatewayConfig(empty, REGISTRY)).toEqual(loadGatewayConfig({}, REGISTRY));
    // The registry path too: an empty SUBGRAPH_REGISTRY_PATH reads the committed registry.
    expect(() => loadGatewayConfig({ SUBGRAPH_REGISTRY_PATH: "" })).not.toThrow();
  });

  it("keeps GATEWAY_BOT_DENY_AGENTS= meaning no agent is denied, as documented", () => {
    expect(loadGatewayConfig({ GATEWAY_BOT_DENY_AGENTS: "" }, REGISTRY).rateLimit.bot.denyAgents).toBe("");
  });

  it("refuses required production secrets that are empty, saying they are set but empty", () => {
    const env = { NODE_ENV: "production", ...PRODUCTION_SECRETS, SERVICE_SECRET: "", JWT_ISSUER: " " };
    expect(() => loadGatewayConfig(env, REGISTRY)).toThrow(/SERVICE_SECRET is required in production \(the subgraphs' value\) \(SERVICE_SECRET is set but empty\)/);
    expect(() => loadGatewayConfig(env, REGISTRY)).toThrow(/JWT_ISSUER and JWT_AUDIENCE are required in production \(JWT_ISSUER is set but empty\)/);
    expect(() => loadGatewayConfig({ NODE_ENV: "production", ...PRODUCTION_SECRETS, API_KEYS_PATH: "" }, REGISTRY)).toThrow(/API_KEYS_PATH is required in production.*set but empty/);
  });
});

describe("SUBGRAPH_REGISTRY_PATH", () => {
  it("points the gateway at another registry file, its resilience blocks included", () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), "gateway-registry-"));
    try {
      const file = path.join(directory, "subgraphs.json");
      writeFileSync(file, JSON.stringify({ subgraphs: [{ ...REGISTRY[0], resilience: { breaker: { volumeThreshold: 3 } } }] }));
      const config = loadGatewayConfig({ SUBGRAPH_REGISTRY_PATH: file, SUBGRAPH_CATALOG_URL: "http://127.0.0.1:9001/graphql" });
      expect(config.subgraphResilience).toEqual({ catalog: { breaker: { volumeThreshold: 3 } } });
      expect(config.subgraphUrlOverrides).toEqual({ catalog: "http://127.0.0.1:9001/graphql" });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("the committed registry's resilience settings", () => {
  it("resolve, and give inventory longer than the 5 s its lookups may wait for catalog", () => {
    const resilience = loadGatewayConfig({}).subgraphResilience;
    for (const [name, overrides] of Object.entries(resilience)) expect(() => resolveResilienceSettings(name, overrides)).not.toThrow();
    expect(resolveResilienceSettings("inventory", resilience.inventory).timeoutMs).toBeGreaterThan(5000);
  });
});

describe("graphqlEndpoint", () => {
  it("gives an address a local client can connect to", () => {
    expect(graphqlEndpoint("127.0.0.1", 4000)).toBe("http://127.0.0.1:4000/graphql");
    expect(graphqlEndpoint("0.0.0.0", 4000)).toBe("http://127.0.0.1:4000/graphql");
    expect(graphqlEndpoint("::", 4000)).toBe("http://[::1]:4000/graphql");
  });
});
