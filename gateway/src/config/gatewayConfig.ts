import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { loadSubgraphRegistry, REPO_ROOT, registryPath, resolveServiceLevels, type ServiceLevels, type SubgraphEntry, subgraphUrl } from "@platform/registry";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";
import { emptyNote, withoutEmptyVariables } from "@platform/env";
import { GATEWAY_HTTP_LIMITS, type HttpServerLimits, validateHttpServerLimits } from "@platform/http";
import { TRACING_ENV, type TracingSettings, tracingSettings } from "@platform/tracing";
import { DEVELOPMENT_TOKENS, type StaffKeyPolicy, type TokenVerifierOptions } from "../auth";
import { type CorsConfig, DEFAULT_CORS_MAX_AGE_SECONDS, DEVELOPMENT_CORS_ORIGINS, isOriginPattern } from "../cors";
import { DEFAULT_REQUEST_DEADLINE_MS, type ResilienceOverrides } from "../datasource";
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from "../limits";
import { RATE_LIMIT_DEFAULTS, type RateLimitConfig } from "../rateLimit";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface GatewayConfig {
  host: string;
  /** 0 binds any free port (tests). */
  port: number;
  nodeEnv: string;
  /** NODE_ENV=production: unexpected errors masked, no stack traces, no introspection. */
  production: boolean;
  logLevel: LogLevel;
  /** Absolute path of the composed supergraph the gateway serves and watches. */
  supergraphPath: string;
  /**
   * Where each subgraph is reached when it is not the URL composed into the supergraph:
   * SUBGRAPH_<NAME>_URL, by subgraph name. Only subgraphs with an override are listed.
   */
  subgraphUrlOverrides: Readonly<Record<string, string>>;
  /** REQUEST_DEADLINE_MS: the overall deadline of one client request, shared by all its subgraph fetches. */
  requestDeadlineMs: number;
  /**
   * Each registry entry's `resilience` block (timeouts, retries, circuit breaker), by subgraph
   * name, as written: the data sources fill what is left out with the defaults.
   */
  subgraphResilience: Readonly<Record<string, ResilienceOverrides>>;
  /**
   * Each registry entry's service levels (latency objective, availability target), by subgraph
   * name, complete: an entry's `serviceLevels` over DEFAULT_SERVICE_LEVELS (p99 within 500 ms,
   * 99.9%). Exported by the metrics capability and reported per subgraph in `/health`. Left out: none.
   */
  subgraphServiceLevels?: Readonly<Record<string, ServiceLevels>>;
  /**
   * GATEWAY_CACHE (`on` by default, `off` disables every cache layer), REDIS_URL (an in-process
   * LRU without it) and GATEWAY_CACHE_PREFIX (`gw:`; gateways with the same prefix share entries).
   */
  cache: { enabled: boolean; redisUrl: string | undefined; keyPrefix?: string };
  /**
   * Operation limits, persisted-operations-only mode and the request body limit
   * (GATEWAY_MAX_DEPTH, ..., GATEWAY_PERSISTED_OPERATIONS, GATEWAY_BODY_LIMIT_BYTES);
   * DEFAULT_OPERATION_LIMITS when left out.
   */
  limits?: OperationLimits;
  /**
   * GATEWAY_CORS_ORIGINS (the browser origins allowed with every key: `none` in production by
   * default, DEVELOPMENT_CORS_ORIGINS otherwise) and GATEWAY_CORS_MAX_AGE_SECONDS (7200); API keys
   * add their own origins (see cors/).
   */
  cors: CorsConfig;
  /** GATEWAY_RATE_LIMIT and its GATEWAY_RATE_LIMIT_* / GATEWAY_BOT_* / GATEWAY_TRUST_PROXY settings (see rateLimit/). */
  rateLimit: RateLimitConfig;
  /**
   * GATEWAY_COALESCE_QUERIES (`on` by default): identical subgraph queries of one caller in
   * flight together share one fetch, never one that started before the request arrived.
   */
  coalesceQueries: boolean;
  /** SERVICE_SECRET: signs the caller headers of every subgraph fetch (the subgraphs' secret; required in production). */
  serviceSecret: string;
  /**
   * API_KEYS_PATH: the client apps' keys (the development keys of DEVELOPMENT_API_KEYS_PATH
   * outside production). JWT_ISSUER, JWT_AUDIENCE and one of JWT_SECRET, JWT_PUBLIC_KEY (with
   * JWT_ALGORITHM) or JWT_JWKS_URL: how people's tokens are verified (a development secret
   * outside production). GATEWAY_ASSOCIATES_ON_ANY_KEY and GATEWAY_ADMINS_ON_ANY_KEY (`off` by
   * default): whether staff tokens are accepted with other keys than their own kind (StaffKeyPolicy).
   */
  auth: { apiKeysPath: string; tokens: TokenVerifierOptions; staffKeys: StaffKeyPolicy };
  /**
   * The HTTP server's limits: GATEWAY_HEADERS_TIMEOUT_MS, GATEWAY_REQUEST_TIMEOUT_MS,
   * GATEWAY_KEEP_ALIVE_TIMEOUT_MS, GATEWAY_MAX_CONNECTIONS (0: unlimited); GATEWAY_HTTP_LIMITS when left out.
   */
  http?: HttpServerLimits;
  /**
   * GATEWAY_IDE: the GraphiQL page on `GET /graphql` (and `/`) for a browser (on by default
   * outside production, off in production). Left out: off.
   */
  ide?: boolean;
  /**
   * GATEWAY_SERVE_SCHEMA: the client-facing API schema at `GET /schema/api.graphql` (on by default
   * outside production, off in production). Left out: off.
   */
  serveSchema?: boolean;
  /**
   * GATEWAY_REQUEST_LOG_SAMPLE (0..1, default 1): the share of successful GraphQL requests that get
   * a request log line; a request answered with an error is always logged. Left out: 1.
   */
  requestLog?: { sample: number };
  /**
   * GATEWAY_METRICS (`on` by default): Prometheus metrics, served at `GET /metrics`.
   * GATEWAY_METRICS_TOKEN: when set, a scrape must send it as a bearer token; in production
   * without one, `/metrics` answers 403 (the metrics are recorded, not served). Left out: off.
   */
  metrics?: { enabled: boolean; token?: string };
  /**
   * GATEWAY_OPERATOR_TOKEN: the operators' bearer token for the gateway's operational endpoints
   * (the detailed `GET /health`, the status page's `/status.json`; `/metrics` too when
   * GATEWAY_METRICS_TOKEN is not set, which `loadGatewayConfig` folds into `metrics.token`).
   * When set, those endpoints require it in every mode; unset, they are open outside production
   * and answer 403 in production (see operator/). `/health/live` and `/health/ready` never need it.
   */
  operatorToken?: string;
  /**
   * GATEWAY_STATUS_PAGE: the status page at `GET /status` and its data at `GET /status.json`
   * (on by default outside production, off in production). Left out: off.
   */
  statusPage?: boolean;
  /**
   * OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
   * OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER_ARG, OTEL_SDK_DISABLED): where spans go; left out, no
   * tracing (the process entry starts the SDK with it).
   */
  tracing?: TracingSettings;
}

/** The committed keys of `npm start`'s demo apps (listed in the README); never accepted in production. */
export const DEVELOPMENT_API_KEYS_PATH = path.resolve(REPO_ROOT, "gateway/dev-api-keys.json");

const baseEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default("127.0.0.1"),
  NODE_ENV: z.string().default("development"),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  SUPERGRAPH_PATH: z.string().min(1).default("schema/supergraph.graphql"),
  REQUEST_DEADLINE_MS: z.coerce.number().int().positive().max(600_000).default(DEFAULT_REQUEST_DEADLINE_MS),
  GATEWAY_CACHE: z.enum(["on", "off"]).default("on"),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  GATEWAY_CACHE_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/, "letters, digits and _ : . - only").default("gw:"),
  GATEWAY_MAX_DEPTH: positiveInt(DEFAULT_OPERATION_LIMITS.maxDepth),
  GATEWAY_MAX_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_OPERATION_LIMITS.maxAliases),
  GATEWAY_MAX_COST: positiveInt(DEFAULT_OPERATION_LIMITS.maxCost),
  GATEWAY_DEFAULT_LIST_SIZE: positiveInt(DEFAULT_OPERATION_LIMITS.defaultListSize),
  GATEWAY_MAX_DOCUMENT_BYTES: positiveInt(DEFAULT_OPERATION_LIMITS.maxDocumentBytes),
  GATEWAY_PERSISTED_OPERATIONS: z.string().min(1).default("off"),
  GATEWAY_BODY_LIMIT_BYTES: positiveInt(DEFAULT_OPERATION_LIMITS.bodyLimitBytes),
  GATEWAY_RATE_LIMIT: z.enum(["on", "off"]).default("on"),
  GATEWAY_RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().positive().default(RATE_LIMIT_DEFAULTS.ipPerMinute),
  GATEWAY_RATE_LIMIT_KEY_PER_MINUTE: z.coerce.number().int().positive().default(RATE_LIMIT_DEFAULTS.keyPerMinute),
  GATEWAY_RATE_LIMIT_SERVER_KEY_PER_MINUTE: z.coerce.number().int().positive().default(RATE_LIMIT_DEFAULTS.serverKeyPerMinute),
  GATEWAY_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((list) => (list === undefined ? undefined : list.trim() === "none" ? [] : list.split(",").map((entry) => entry.trim()).filter(Boolean)))
    .refine((entries) => entries === undefined || entries.every(isOriginPattern), "none, or comma-separated origins (https://shop.example.com) and wildcards (https://*.example.com, http://127.0.0.1:*), or *"),
  GATEWAY_CORS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(DEFAULT_CORS_MAX_AGE_SECONDS),
  GATEWAY_RATE_LIMIT_ALLOW: z
    .string()
    .default("")
    .transform((list) => list.split(",").map((entry) => entry.trim()).filter(Boolean))
    .refine((entries) => entries.every(isAddressOrSubnet), "comma-separated IP addresses or CIDR subnets (10.0.0.0/8)"),
  GATEWAY_TRUST_PROXY: z
    .string()
    .default("off")
    .transform((value) => (value === "off" || value === "false" ? 0 : value === "on" || value === "true" ? 1 : Number(value)))
    .refine((hops) => Number.isInteger(hops) && hops >= 0 && hops <= 10, "on, off or the number of proxies in front of the gateway (0-10)"),
  GATEWAY_BOT_BURST_PER_SECOND: z.coerce.number().int().min(0).default(RATE_LIMIT_DEFAULTS.bot.burstPerSecond),
  GATEWAY_BOT_NO_AGENT_PER_MINUTE: z.coerce.number().int().min(0).default(RATE_LIMIT_DEFAULTS.bot.noAgentPerMinute),
  GATEWAY_BOT_DENY_AGENTS: z.string().default(RATE_LIMIT_DEFAULTS.bot.denyAgents).refine(compilesAsRegExp, "a regular expression"),
  GATEWAY_COALESCE_QUERIES: z.enum(["on", "off"]).default("on"),
  SERVICE_SECRET: z.string().min(32, "SERVICE_SECRET must be at least 32 characters").optional(),
  API_KEYS_PATH: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  JWT_PUBLIC_KEY: z.string().includes("BEGIN PUBLIC KEY", { message: "a PEM public key (-----BEGIN PUBLIC KEY-----)" }).optional(),
  JWT_ALGORITHM: z.enum(["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]).default("RS256"),
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  GATEWAY_ASSOCIATES_ON_ANY_KEY: z.enum(["on", "off"]).default("off"),
  GATEWAY_ADMINS_ON_ANY_KEY: z.enum(["on", "off"]).default("off"),
  GATEWAY_HEADERS_TIMEOUT_MS: positiveInt(GATEWAY_HTTP_LIMITS.headersTimeoutMs),
  GATEWAY_REQUEST_TIMEOUT_MS: positiveInt(GATEWAY_HTTP_LIMITS.requestTimeoutMs),
  GATEWAY_KEEP_ALIVE_TIMEOUT_MS: positiveInt(GATEWAY_HTTP_LIMITS.keepAliveTimeoutMs),
  GATEWAY_MAX_CONNECTIONS: z.coerce.number().int().min(0).default(GATEWAY_HTTP_LIMITS.maxConnections),
  GATEWAY_IDE: z.enum(["on", "off"]).optional(),
  GATEWAY_SERVE_SCHEMA: z.enum(["on", "off"]).optional(),
  GATEWAY_REQUEST_LOG_SAMPLE: z.coerce.number().min(0).max(1).default(1),
  GATEWAY_METRICS: z.enum(["on", "off"]).default("on"),
  GATEWAY_METRICS_TOKEN: bearerToken("GATEWAY_METRICS_TOKEN"),
  GATEWAY_OPERATOR_TOKEN: bearerToken("GATEWAY_OPERATOR_TOKEN"),
  GATEWAY_STATUS_PAGE: z.enum(["on", "off"]).optional(),
  ...TRACING_ENV,
});

/** Every variable the gateway reads besides SUBGRAPH_<NAME>_URL and SUBGRAPH_REGISTRY_PATH (each optional; empty is not set). */
export const GATEWAY_VARIABLES: readonly string[] = Object.keys(baseEnvSchema.shape);

/** A bearer token of an operational endpoint: at least 16 printable ASCII characters, no spaces. */
function bearerToken(name: string) {
  return z.string().min(16, `${name} must be at least 16 characters`).regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces").optional();
}

function positiveInt(fallback: number) {
  return z.coerce.number().int().positive().default(fallback);
}

/**
 * The gateway's settings from its environment, validated: a bad value fails start-up with every
 * problem listed. SUBGRAPH_<NAME>_URL is read for each subgraph of the registry
 * (schema/subgraphs.json, or the file SUBGRAPH_REGISTRY_PATH names) and must be a URL, and each
 * entry's `resilience` block is kept; relative paths are resolved against the repository root,
 * so the gateway behaves the same whatever its working directory.
 */
export function loadGatewayConfig(
  env: NodeJS.ProcessEnv = process.env,
  registry: readonly SubgraphEntry[] = loadSubgraphRegistry(registryPath(env)),
): GatewayConfig {
  const overrideKeys = Object.fromEntries(registry.map((entry) => [overrideVariable(entry.name), z.url({ protocol: /^https?$/ }).optional()]));
  // Empty is not set (GATEWAY_BOT_DENY_AGENTS="" alone means something: no agent is denied).
  const present = withoutEmptyVariables(env, { keepEmpty: ["GATEWAY_BOT_DENY_AGENTS"] });
  const parsed = baseEnvSchema.extend(overrideKeys).safeParse(present);
  if (!parsed.success) throw new Error(`Invalid gateway environment:\n${z.prettifyError(parsed.error)}`);
  const values = parsed.data as z.infer<typeof baseEnvSchema> & Record<string, string | undefined>;
  const production = values.NODE_ENV === "production";
  const problems = [...productionProblems(values, production, env), ...httpLimitProblems(values)];
  if (problems.length > 0) throw new Error(`Invalid gateway environment:\n${problems.map((problem) => `✖ ${problem}`).join("\n")}`);

  const subgraphUrlOverrides: Record<string, string> = {};
  for (const entry of registry) {
    if (values[overrideVariable(entry.name)] !== undefined) subgraphUrlOverrides[entry.name] = subgraphUrl(entry, present);
  }

  return {
    host: values.HOST,
    port: values.PORT,
    nodeEnv: values.NODE_ENV,
    production,
    logLevel: values.LOG_LEVEL,
    supergraphPath: path.resolve(REPO_ROOT, values.SUPERGRAPH_PATH),
    subgraphUrlOverrides,
    requestDeadlineMs: values.REQUEST_DEADLINE_MS,
    subgraphResilience: registryResilience(registry),
    subgraphServiceLevels: Object.fromEntries(registry.map((entry) => [entry.name, resolveServiceLevels(entry.serviceLevels)])),
    cache: { enabled: values.GATEWAY_CACHE === "on", redisUrl: values.REDIS_URL, keyPrefix: values.GATEWAY_CACHE_PREFIX },
    limits: {
      maxDepth: values.GATEWAY_MAX_DEPTH,
      maxAliases: values.GATEWAY_MAX_ALIASES,
      maxCost: values.GATEWAY_MAX_COST,
      defaultListSize: values.GATEWAY_DEFAULT_LIST_SIZE,
      maxDocumentBytes: values.GATEWAY_MAX_DOCUMENT_BYTES,
      persistedOperationsPath: values.GATEWAY_PERSISTED_OPERATIONS === "off" ? undefined : path.resolve(REPO_ROOT, values.GATEWAY_PERSISTED_OPERATIONS),
      bodyLimitBytes: values.GATEWAY_BODY_LIMIT_BYTES,
    },
    cors: {
      origins: values.GATEWAY_CORS_ORIGINS ?? (production ? [] : [...DEVELOPMENT_CORS_ORIGINS]),
      maxAgeSeconds: values.GATEWAY_CORS_MAX_AGE_SECONDS,
    },
    rateLimit: {
      enabled: values.GATEWAY_RATE_LIMIT === "on",
      redisUrl: values.REDIS_URL,
      keyPrefix: `${values.GATEWAY_CACHE_PREFIX}rl:`,
      ipPerMinute: values.GATEWAY_RATE_LIMIT_IP_PER_MINUTE,
      keyPerMinute: values.GATEWAY_RATE_LIMIT_KEY_PER_MINUTE,
      serverKeyPerMinute: values.GATEWAY_RATE_LIMIT_SERVER_KEY_PER_MINUTE,
      allow: values.GATEWAY_RATE_LIMIT_ALLOW,
      trustProxyHops: values.GATEWAY_TRUST_PROXY,
      bot: {
        burstPerSecond: values.GATEWAY_BOT_BURST_PER_SECOND,
        noAgentPerMinute: values.GATEWAY_BOT_NO_AGENT_PER_MINUTE,
        denyAgents: values.GATEWAY_BOT_DENY_AGENTS,
      },
    },
    coalesceQueries: values.GATEWAY_COALESCE_QUERIES === "on",
    serviceSecret: values.SERVICE_SECRET ?? DEVELOPMENT_SERVICE_SECRET,
    auth: {
      apiKeysPath: values.API_KEYS_PATH ? path.resolve(REPO_ROOT, values.API_KEYS_PATH) : DEVELOPMENT_API_KEYS_PATH,
      tokens: {
        issuer: values.JWT_ISSUER ?? DEVELOPMENT_TOKENS.issuer,
        audience: values.JWT_AUDIENCE ?? DEVELOPMENT_TOKENS.audience,
        keys: values.JWT_JWKS_URL
          ? { kind: "jwks", url: values.JWT_JWKS_URL }
          : values.JWT_PUBLIC_KEY
            ? { kind: "publicKey", pem: values.JWT_PUBLIC_KEY, algorithm: values.JWT_ALGORITHM }
            : { kind: "secret", secret: values.JWT_SECRET ?? DEVELOPMENT_TOKENS.secret },
      },
      staffKeys: { associatesOnAnyKey: values.GATEWAY_ASSOCIATES_ON_ANY_KEY === "on", adminsOnAnyKey: values.GATEWAY_ADMINS_ON_ANY_KEY === "on" },
    },
    http: httpLimitsOf(values),
    ide: (values.GATEWAY_IDE ?? (production ? "off" : "on")) === "on",
    serveSchema: (values.GATEWAY_SERVE_SCHEMA ?? (production ? "off" : "on")) === "on",
    requestLog: { sample: values.GATEWAY_REQUEST_LOG_SAMPLE },
    // A scraper's own token when there is one (it opens /metrics only); else the operators' token opens /metrics too.
    metrics: { enabled: values.GATEWAY_METRICS === "on", token: values.GATEWAY_METRICS_TOKEN ?? values.GATEWAY_OPERATOR_TOKEN },
    operatorToken: values.GATEWAY_OPERATOR_TOKEN,
    statusPage: (values.GATEWAY_STATUS_PAGE ?? (production ? "off" : "on")) === "on",
    ...withTracing(tracingSettings(values)),
  };
}

/** The tracing settings when tracing is on; nothing (the key left out) when it is off. */
function withTracing(tracing: TracingSettings | undefined): { tracing?: TracingSettings } {
  return tracing ? { tracing } : {};
}

function httpLimitsOf(values: z.infer<typeof baseEnvSchema>): HttpServerLimits {
  return {
    headersTimeoutMs: values.GATEWAY_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: values.GATEWAY_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: values.GATEWAY_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: values.GATEWAY_MAX_CONNECTIONS,
  };
}

function httpLimitProblems(values: z.infer<typeof baseEnvSchema>): string[] {
  try {
    validateHttpServerLimits(httpLimitsOf(values));
    return [];
  } catch (error) {
    return [`${(error as Error).message} (GATEWAY_HEADERS_TIMEOUT_MS, GATEWAY_REQUEST_TIMEOUT_MS)`];
  }
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, bits, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || rest.length > 0) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

function compilesAsRegExp(source: string): boolean {
  try {
    new RegExp(source, "i");
    return true;
  } catch {
    return false;
  }
}

/** What production must configure rather than fall back to the development defaults. */
function productionProblems(values: z.infer<typeof baseEnvSchema>, production: boolean, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const tokenKeys = [values.JWT_SECRET, values.JWT_PUBLIC_KEY, values.JWT_JWKS_URL].filter((value) => value !== undefined).length;
  if (tokenKeys > 1) problems.push("Give only one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL");
  if (!production) return problems;
  if (!values.SERVICE_SECRET) problems.push(`SERVICE_SECRET is required in production (the subgraphs' value)${emptyNote(env, "SERVICE_SECRET")}`);
  if (!values.API_KEYS_PATH || path.resolve(REPO_ROOT, values.API_KEYS_PATH) === DEVELOPMENT_API_KEYS_PATH) {
    problems.push(`API_KEYS_PATH is required in production, and must not be the development key file${emptyNote(env, "API_KEYS_PATH")}`);
  }
  if (tokenKeys === 0) problems.push(`One of JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL is required in production${["JWT_SECRET", "JWT_PUBLIC_KEY", "JWT_JWKS_URL"].map((name) => emptyNote(env, name)).join("")}`);
  if (!values.JWT_ISSUER || !values.JWT_AUDIENCE) problems.push(`JWT_ISSUER and JWT_AUDIENCE are required in production${emptyNote(env, "JWT_ISSUER")}${emptyNote(env, "JWT_AUDIENCE")}`);
  return problems;
}

/** Each registry entry's `resilience` block, by subgraph name (entries without one take the defaults). */
function registryResilience(registry: readonly SubgraphEntry[]): GatewayConfig["subgraphResilience"] {
  return Object.fromEntries(registry.flatMap((entry) => (entry.resilience ? [[entry.name, entry.resilience]] : [])));
}

/** The GraphQL endpoint a client on this machine reaches a gateway bound to host:port at. */
export function graphqlEndpoint(host: string, port: number): string {
  // A wildcard bind address is not somewhere a client can connect to; loopback is.
  const connectTo = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${connectTo.includes(":") ? `[${connectTo}]` : connectTo}:${port}/graphql`;
}

/** The variable `subgraphUrl` (shared registry) reads for a subgraph's URL. */
function overrideVariable(name: string): string {
  return `SUBGRAPH_${name.toUpperCase()}_URL`;
}
