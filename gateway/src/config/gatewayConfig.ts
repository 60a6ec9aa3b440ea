import path from "node:path";
import { z } from "zod";
import { loadSubgraphRegistry, REPO_ROOT, registryPath, type SubgraphEntry, subgraphUrl } from "../../../subgraphs/shared/src/registry";
import { DEVELOPMENT_SERVICE_SECRET } from "../../../subgraphs/shared/src/caller";
import { DEVELOPMENT_TOKENS, type TokenVerifierOptions } from "../auth";
import { DEFAULT_REQUEST_DEADLINE_MS, type ResilienceOverrides } from "../datasource";

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
   * GATEWAY_CACHE (`on` by default, `off` disables every cache layer), REDIS_URL (an in-process
   * LRU without it) and GATEWAY_CACHE_PREFIX (`gw:`; gateways with the same prefix share entries).
   */
  cache: { enabled: boolean; redisUrl: string | undefined; keyPrefix?: string };
  /** SERVICE_SECRET: signs the caller headers of every subgraph fetch (the subgraphs' secret; required in production). */
  serviceSecret: string;
  /**
   * API_KEYS_PATH: the client apps' keys (the development keys of DEVELOPMENT_API_KEYS_PATH
   * outside production). JWT_ISSUER, JWT_AUDIENCE and one of JWT_SECRET, JWT_PUBLIC_KEY (with
   * JWT_ALGORITHM) or JWT_JWKS_URL: how people's tokens are verified (a development secret
   * outside production).
   */
  auth: { apiKeysPath: string; tokens: TokenVerifierOptions };
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
  SERVICE_SECRET: z.string().min(32, "SERVICE_SECRET must be at least 32 characters").optional(),
  API_KEYS_PATH: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  JWT_PUBLIC_KEY: z.string().includes("BEGIN PUBLIC KEY", { message: "a PEM public key (-----BEGIN PUBLIC KEY-----)" }).optional(),
  JWT_ALGORITHM: z.enum(["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]).default("RS256"),
  JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
});

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
  const parsed = baseEnvSchema.extend(overrideKeys).safeParse(env);
  if (!parsed.success) throw new Error(`Invalid gateway environment:\n${z.prettifyError(parsed.error)}`);
  const values = parsed.data as z.infer<typeof baseEnvSchema> & Record<string, string | undefined>;
  const production = values.NODE_ENV === "production";
  const problems = productionProblems(values, production);
  if (problems.length > 0) throw new Error(`Invalid gateway environment:\n${problems.map((problem) => `✖ ${problem}`).join("\n")}`);

  const subgraphUrlOverrides: Record<string, string> = {};
  for (const entry of registry) {
    if (values[overrideVariable(entry.name)] !== undefined) subgraphUrlOverrides[entry.name] = subgraphUrl(entry, env);
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
    cache: { enabled: values.GATEWAY_CACHE === "on", redisUrl: values.REDIS_URL, keyPrefix: values.GATEWAY_CACHE_PREFIX },
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
    },
  };
}

/** What production must configure rather than fall back to the development defaults. */
function productionProblems(values: z.infer<typeof baseEnvSchema>, production: boolean): string[] {
  const problems: string[] = [];
  const tokenKeys = [values.JWT_SECRET, values.JWT_PUBLIC_KEY, values.JWT_JWKS_URL].filter((value) => value !== undefined).length;
  if (tokenKeys > 1) problems.push("Give only one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL");
  if (!production) return problems;
  if (!values.SERVICE_SECRET) problems.push("SERVICE_SECRET is required in production (the subgraphs' value)");
  if (!values.API_KEYS_PATH || path.resolve(REPO_ROOT, values.API_KEYS_PATH) === DEVELOPMENT_API_KEYS_PATH) {
    problems.push("API_KEYS_PATH is required in production, and must not be the development key file");
  }
  if (tokenKeys === 0) problems.push("One of JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL is required in production");
  if (!values.JWT_ISSUER || !values.JWT_AUDIENCE) problems.push("JWT_ISSUER and JWT_AUDIENCE are required in production");
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
