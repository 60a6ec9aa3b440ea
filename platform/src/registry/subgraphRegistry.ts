import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { envValue } from "../env";

import { REPO_ROOT } from "./repoRoot";
import { serviceLevelsSchema } from "./serviceLevels";

export { REPO_ROOT };
export const REGISTRY_PATH = path.join(REPO_ROOT, "schema/subgraphs.json");

const positiveMs = z.number().int().positive();

/**
 * How the gateway treats one subgraph when it misbehaves. Every field is optional: the gateway
 * fills the rest with its defaults (gateway/src/datasource/settings, documented in
 * gateway/README.md). Strict objects, so a misspelt setting fails validation instead of being
 * silently ignored.
 */
export const resilienceSettingsSchema = z.strictObject({
  /** Time one attempt may take, from sending the request to reading the whole response. */
  timeoutMs: positiveMs.max(600_000).optional(),
  breaker: z
    .strictObject({
      /** Failures (transport errors, timeouts, HTTP 5xx) per call, in percent, above which the breaker opens. */
      errorThresholdPercentage: z.number().gt(0).max(100).optional(),
      /** Calls the rolling window must hold before the breaker may open. */
      volumeThreshold: z.number().int().min(0).optional(),
      rollingWindowMs: positiveMs.min(100).optional(),
      /** Buckets the rolling window is divided into (it slides one bucket at a time). */
      rollingBuckets: z.number().int().min(1).max(1000).optional(),
      /** Time an open breaker fails fast before letting a probe through. */
      resetTimeoutMs: positiveMs.optional(),
      /** Consecutive successful probes (one at a time) that close a half-open breaker. */
      halfOpenProbes: z.number().int().min(1).max(100).optional(),
    })
    .optional(),
  retry: z
    .strictObject({
      /** Retries of a failed query after the first attempt (mutations are never retried). */
      maxRetries: z.number().int().min(0).max(10).optional(),
      /** Backoff before retry n is random in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. */
      baseDelayMs: z.number().int().min(0).optional(),
      maxDelayMs: z.number().int().min(0).optional(),
      /** Each call earns this fraction of a retry: retries stay below this share of calls... */
      budgetRatio: z.number().min(0).max(1).optional(),
      /** ...plus this reserve, which the earnings refill. */
      budgetReserve: z.number().int().min(0).optional(),
    })
    .optional(),
});

export type ResilienceSettingsInput = z.infer<typeof resilienceSettingsSchema>;

const subgraphEntrySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "a subgraph name is lower-case letters, digits and _"),
  url: z.url(),
  /** Module exporting `createSubgraphSchema()`; used by `npm run compose`. */
  module: z.string().optional(),
  /** A committed SDL file, for a subgraph that lives outside this repository. */
  sdl: z.string().optional(),
  /** The file `npm start` runs as this subgraph's process. */
  entry: z.string().optional(),
  /** Timeouts, retries and circuit breaking for the gateway's calls to this subgraph. */
  resilience: resilienceSettingsSchema.optional(),
  /** The subgraph's latency objective and availability target (serviceLevels.ts; DEFAULT_SERVICE_LEVELS for what is left out). */
  serviceLevels: serviceLevelsSchema.optional(),
});

const registrySchema = z.object({
  subgraphs: z.array(subgraphEntrySchema).min(1),
});

export type SubgraphEntry = z.infer<typeof subgraphEntrySchema>;

/** The registry file: SUBGRAPH_REGISTRY_PATH when set (relative to the repository), else schema/subgraphs.json. */
export function registryPath(env: NodeJS.ProcessEnv = process.env): string {
  const file = envValue(env, "SUBGRAPH_REGISTRY_PATH");
  return file ? path.resolve(REPO_ROOT, file) : REGISTRY_PATH;
}

/** Reads and validates the registry; an invalid registry fails with every problem listed. */
export function loadSubgraphRegistry(file = registryPath()): SubgraphEntry[] {
  const parsed = registrySchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(`Invalid subgraph registry ${file}:\n${z.prettifyError(parsed.error)}`);
  }
  const names = parsed.data.subgraphs.map((entry) => entry.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`Invalid subgraph registry ${file}: "${duplicate}" is listed twice`);
  for (const entry of parsed.data.subgraphs) {
    if (!entry.module && !entry.sdl) {
      throw new Error(`Invalid subgraph registry ${file}: "${entry.name}" needs "module" or "sdl" to be composed`);
    }
  }
  return parsed.data.subgraphs;
}

export function findSubgraph(name: string, registry = loadSubgraphRegistry()): SubgraphEntry {
  const entry = registry.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`Subgraph "${name}" is not in the registry (${registry.map((e) => e.name).join(", ")})`);
  return entry;
}

/** The URL a subgraph is reached at: SUBGRAPH_<NAME>_URL when set (not empty), else the registry's. */
export function subgraphUrl(entry: SubgraphEntry, env: NodeJS.ProcessEnv = process.env): string {
  return envValue(env, `SUBGRAPH_${entry.name.toUpperCase()}_URL`) ?? entry.url;
}
