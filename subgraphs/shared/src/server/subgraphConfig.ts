import { z } from "zod";
import { type DatabaseTarget, resolveDatabaseTarget } from "../database";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";
import { emptyNote, withoutEmptyVariables } from "@platform/env";
import { type FailpointSpec, parseFailpoints } from "../failpoints";
import { findSubgraph } from "@platform/registry";
import { TRACING_ENV, type TracingSettings, tracingSettings } from "@platform/tracing";
import { type HttpServerLimits, KEEP_ALIVE_MARGIN_MS, POOLED_IDLE_TIMEOUT_MS, SUBGRAPH_HTTP_LIMITS, validateHttpServerLimits } from "@platform/http";

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().default("127.0.0.1"),
  NODE_ENV: z.string().default("development"),
  SEED_DEMO_DATA: booleanFlag.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SERVICE_SECRET: z.string().min(32, "SERVICE_SECRET must be at least 32 characters").optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  FAILPOINTS: z.string().optional(),
  SUBGRAPH_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(SUBGRAPH_HTTP_LIMITS.headersTimeoutMs),
  SUBGRAPH_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(SUBGRAPH_HTTP_LIMITS.requestTimeoutMs),
  SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(
      POOLED_IDLE_TIMEOUT_MS + KEEP_ALIVE_MARGIN_MS,
      `must be at least ${POOLED_IDLE_TIMEOUT_MS + KEEP_ALIVE_MARGIN_MS} ms: ${KEEP_ALIVE_MARGIN_MS} ms above the ${POOLED_IDLE_TIMEOUT_MS} ms for which the gateway keeps an idle pooled connection to a subgraph (otherwise the gateway may send a request on a connection the subgraph is closing)`,
    )
    .default(SUBGRAPH_HTTP_LIMITS.keepAliveTimeoutMs),
  SUBGRAPH_MAX_CONNECTIONS: z.coerce.number().int().min(0).default(SUBGRAPH_HTTP_LIMITS.maxConnections),
  SUBGRAPH_METRICS_TOKEN: z.string().min(16, "SUBGRAPH_METRICS_TOKEN must be at least 16 characters").regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces").optional(),
  ...TRACING_ENV,
});

/** Every variable a subgraph's configuration reads besides DATABASE_URL and DATA_DIR (each optional; empty is not set). */
export const SUBGRAPH_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface SubgraphConfig {
  name: string;
  host: string;
  port: number;
  production: boolean;
  database: DatabaseTarget;
  /** Seed demo data into empty tables on start. */
  seedDemoData: boolean;
  logLevel: string;
  /** Signs and verifies service identities between subgraphs (SERVICE_SECRET; required in production). */
  serviceSecret: string;
  /** Where domain events are published (REDIS_URL); in this process only without it. */
  redisUrl?: string;
  /** Named crash points a fault test enables (FAILPOINTS); refused in production. */
  failpoints?: FailpointSpec;
  /**
   * The HTTP server's limits (SUBGRAPH_HEADERS_TIMEOUT_MS, SUBGRAPH_REQUEST_TIMEOUT_MS,
   * SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS, SUBGRAPH_MAX_CONNECTIONS); SUBGRAPH_HTTP_LIMITS when left out.
   */
  http?: HttpServerLimits;
  /** SUBGRAPH_METRICS_TOKEN: when set, `GET /metrics` requires it as a bearer token; open otherwise. */
  metricsToken?: string;
  /** OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT...): where spans go; left out, no tracing. */
  tracing?: TracingSettings;
}

/**
 * A subgraph process's settings from its environment, an empty variable read as not set. The port defaults to the one in the
 * registry's URL; demo data is seeded by default on the embedded database only, never into a
 * PostgreSQL database unless SEED_DEMO_DATA=true says so.
 */
export function loadSubgraphConfig(name: string, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  // An empty variable is not set: REDIS_URL= means no Redis, PORT= the registry's port.
  const parsed = envSchema.safeParse(withoutEmptyVariables(env));
  if (!parsed.success) throw new Error(`Invalid environment for subgraph "${name}":\n${z.prettifyError(parsed.error)}`);
  const database = resolveDatabaseTarget(name, env);
  const production = parsed.data.NODE_ENV === "production";
  if (production && !parsed.data.SERVICE_SECRET) {
    throw new Error(`Invalid environment for subgraph "${name}": SERVICE_SECRET is required in production (the same value for every subgraph)${emptyNote(env, "SERVICE_SECRET")}`);
  }
  const failpoints = parseFailpoints(parsed.data.FAILPOINTS);
  if (production && failpoints.size > 0) {
    throw new Error(`Invalid environment for subgraph "${name}": FAILPOINTS crash the process on purpose and are refused in production`);
  }
  const http: HttpServerLimits = {
    headersTimeoutMs: parsed.data.SUBGRAPH_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: parsed.data.SUBGRAPH_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: parsed.data.SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: parsed.data.SUBGRAPH_MAX_CONNECTIONS,
  };
  try {
    validateHttpServerLimits(http);
  } catch (error) {
    throw new Error(`Invalid environment for subgraph "${name}": ${(error as Error).message} (SUBGRAPH_HEADERS_TIMEOUT_MS, SUBGRAPH_REQUEST_TIMEOUT_MS)`);
  }
  return {
    name,
    host: parsed.data.HOST,
    port: parsed.data.PORT ?? Number(new URL(findSubgraph(name).url).port),
    production,
    database,
    seedDemoData: parsed.data.SEED_DEMO_DATA ?? database.kind === "pglite",
    logLevel: parsed.data.LOG_LEVEL,
    serviceSecret: parsed.data.SERVICE_SECRET ?? DEVELOPMENT_SERVICE_SECRET,
    redisUrl: parsed.data.REDIS_URL,
    failpoints,
    http,
    metricsToken: parsed.data.SUBGRAPH_METRICS_TOKEN,
    ...withTracing(tracingSettings(parsed.data)),
  };
}

/** The tracing settings when tracing is on; nothing (the key left out) when it is off. */
function withTracing(tracing: TracingSettings | undefined): { tracing?: TracingSettings } {
  return tracing ? { tracing } : {};
}
