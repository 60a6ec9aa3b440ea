/**
 * The gateways compared, each started as its own process (node with tsx as loader, as
 * `npm start` runs them) on a free port of 127.0.0.1 in front of the same subgraph processes,
 * and stopped with SIGTERM (SIGKILL after a grace period).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { DEVELOPMENT_TOKENS } from "../../gateway/src/auth";
import { DEVELOPMENT_API_KEYS_PATH } from "../../gateway/src/config";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";
import { REPO_ROOT } from "@platform/registry";
import { DEV_API_KEYS } from "../../test/support/callers";
import { freePort } from "../../test/support/stack";

export const TARGET_NAMES = ["vanilla", "off", "on"] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export interface TargetSpec {
  label: string;
  entry: string;
  /** The process's own settings, on top of the subgraph URLs and the port. */
  env: (inherited: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
  /** The GraphQL endpoint on a given port. */
  endpoint: (port: number) => string;
  /**
   * How a client says who it is: "identity" sends the caller headers themselves (the vanilla
   * gateway has no authentication and passes them on, signed); "credentials" sends the app's API
   * key and the person's token, as this gateway requires.
   */
  clients: "identity" | "credentials";
}

const gatewayEndpoint = (port: number) => `http://127.0.0.1:${port}/graphql`;

/**
 * This repository's gateway; REDIS_URL reaches it when the bench runs with one. Rate limiting is
 * off: the load comes from one address (autocannon sends no User-Agent), and the comparison with
 * the vanilla gateway is about serving, not refusing.
 */
export const thisGateway = (cache: "on" | "off") => (inherited: NodeJS.ProcessEnv) => ({
  LOG_LEVEL: "warn",
  GATEWAY_CACHE: cache,
  GATEWAY_RATE_LIMIT: "off",
  ...(inherited.REDIS_URL ? { REDIS_URL: inherited.REDIS_URL } : {}),
  ...benchIdentity(),
});

/**
 * Production refuses the development key file and secrets by name, so the benchmark hands the
 * gateway its own copy of the demo keys, and the development secrets as explicit settings: the
 * subgraphs (not in production) sign with the development service secret, and the clients'
 * tokens are development tokens.
 */
function benchIdentity(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-api-keys-"));
  const apiKeysPath = path.join(dir, "api-keys.json");
  copyFileSync(DEVELOPMENT_API_KEYS_PATH, apiKeysPath);
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  return {
    SERVICE_SECRET: DEVELOPMENT_SERVICE_SECRET,
    API_KEYS_PATH: apiKeysPath,
    JWT_SECRET: DEVELOPMENT_TOKENS.secret,
    JWT_ISSUER: DEVELOPMENT_TOKENS.issuer,
    JWT_AUDIENCE: DEVELOPMENT_TOKENS.audience,
  };
}

export const TARGETS: Record<TargetName, TargetSpec> = {
  vanilla: {
    label: "vanilla @apollo/gateway",
    entry: path.join(__dirname, "vanillaGateway.ts"),
    env: () => ({}),
    endpoint: (port) => `http://127.0.0.1:${port}/`,
    clients: "identity",
  },
  off: { label: "this gateway, cache off", entry: "gateway/src/index.ts", env: thisGateway("off"), endpoint: gatewayEndpoint, clients: "credentials" },
  on: { label: "this gateway, cache on (warm)", entry: "gateway/src/index.ts", env: thisGateway("on"), endpoint: gatewayEndpoint, clients: "credentials" },
};

export interface RunningTarget {
  name: TargetName;
  label: string;
  /** The GraphQL endpoint. */
  url: string;
  pid: number | undefined;
  /** Whether the process is still alive (a gateway that dies under load spoils its figures). */
  running(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const LAST_LINES = 30;
/** Settings of the bench's own environment that must not steer a gateway somewhere else. */
const NOT_INHERITED = /^(SERVICE_SECRET|API_KEYS_PATH|JWT_\w+|SUBGRAPH_\w+_URL|SUBGRAPH_REGISTRY_PATH|SUPERGRAPH_PATH|PORT|HOST|NODE_ENV|LOG_LEVEL|GATEWAY_CACHE|GATEWAY_COALESCE_QUERIES|GATEWAY_RATE_LIMIT\w*|GATEWAY_BOT_\w+|GATEWAY_TRUST_PROXY|REDIS_URL|DATABASE_URL|REQUEST_DEADLINE_MS|OTEL_\w+)$/;

/**
 * Starts a gateway on a free port of 127.0.0.1 with NODE_ENV=production (every target alike)
 * and resolves once it answers `{ __typename }`. Its output is relayed with a `[name]` prefix.
 */
export async function startTarget(name: TargetName, subgraphUrls: Record<string, string>): Promise<RunningTarget> {
  return startBenchProcess(name, TARGETS[name], subgraphUrls) as Promise<RunningTarget>;
}

/** What any process of a benchmark is: a gateway, or the bare server of the overhead bench. */
export type BenchProcessSpec = Omit<TargetSpec, "clients">;

export interface RunningBenchProcess extends Omit<RunningTarget, "name"> {
  name: string;
}

/** startTarget for any process spec: the overhead bench's gateways and its bare server too. */
export async function startBenchProcess(name: string, spec: BenchProcessSpec, subgraphUrls: Record<string, string>): Promise<RunningBenchProcess> {
  const port = await freePort();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !NOT_INHERITED.test(key)));
  const urlEnv = Object.fromEntries(Object.entries(subgraphUrls).map(([subgraph, url]) => [`SUBGRAPH_${subgraph.toUpperCase()}_URL`, url]));
  const child = spawn(process.execPath, [...profilingArgs(), "--import", "tsx", spec.entry], {
    cwd: REPO_ROOT,
    env: { ...inherited, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...urlEnv, ...spec.env(process.env) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (process.env.BENCH_CPU_PROFILE_DIR) console.log(`[bench] ${spec.label}: pid ${child.pid}, CPU profile in ${process.env.BENCH_CPU_PROFILE_DIR} (CPU.*.${child.pid}.*.cpuprofile) when it stops`);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lastLines: string[] = [];
  relay(child, `[${name}]`, lastLines);
  const running = () => child.exitCode === null && child.signalCode === null;

  let stopped: Promise<void> | undefined;
  const stop = (graceMs = 10_000) =>
    (stopped ??= (async () => {
      if (running()) child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(killer);
    })());

  const url = spec.endpoint(port);
  try {
    await waitUntilAnswering(url, running, READY_TIMEOUT_MS);
  } catch (error) {
    await stop(2_000);
    throw new Error(`${spec.label} did not start: ${(error as Error).message}\n  last output:\n${lastLines.map((line) => `    ${line}`).join("\n") || "    (none)"}`);
  }
  return { name, label: spec.label, url, pid: child.pid, running, stop };
}

/** With BENCH_CPU_PROFILE_DIR, every process writes a V8 CPU profile there when it stops (open it in Chrome DevTools). */
export function profilingArgs(): string[] {
  const directory = process.env.BENCH_CPU_PROFILE_DIR;
  return directory ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(directory)}`] : [];
}

/** Polls with `{ __typename }` until the gateway answers it with HTTP 200. */
async function waitUntilAnswering(url: string, running: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running()) throw new Error("the process exited");
    try {
      const response = await fetch(url, {
        method: "POST",
        // The demo web app's key: this gateway answers nothing without one (the vanilla one ignores it).
        headers: { "content-type": "application/json", "x-api-key": DEV_API_KEYS.web },
        body: JSON.stringify({ query: "{ __typename }" }),
        signal: AbortSignal.timeout(2_000),
      });
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no answer to { __typename } at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Prints the child's output, prefixed; keeps the last lines for a start failure. A gateway's
 * request log lines (one per request, when a row logs them) are read, as a log shipper would, but
 * not echoed: printing thousands a second would spend the load generator's CPU on the bench's own terminal.
 */
function relay(child: ChildProcess, prefix: string, lastLines: string[]): void {
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
      lastLines.push(line);
      lastLines.splice(0, Math.max(0, lastLines.length - LAST_LINES));
      if (!line.includes('"msg":"graphql request"')) process.stderr.write(`${prefix} ${line}\n`);
    });
  }
}
