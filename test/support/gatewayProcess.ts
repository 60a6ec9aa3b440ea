import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { HealthReport } from "../../gateway/src/health";
import { loadSubgraphRegistry, REPO_ROOT, type ResilienceSettingsInput } from "@platform/registry";

export interface GatewayLogLine {
  level: number;
  /** Date.now() of the gateway process when it logged. */
  time: number;
  msg: string;
  subgraph?: string;
  breaker?: { from: string; to: string };
  [key: string]: unknown;
}

export interface BreakerChange {
  at: number;
  subgraph: string;
  from: string;
  to: string;
}

export interface GatewayProcess {
  url: string;
  /** Every pino line the gateway wrote to stdout so far. */
  logs: GatewayLogLine[];
  /** Every line the gateway wrote, stdout and stderr, as written (JSON or not). */
  output: string[];
  /** The breaker state-change log lines so far, in order (all subgraphs, or one). */
  breakerChanges(subgraph?: string): BreakerChange[];
  /** GET /health. */
  health(): Promise<HealthReport>;
  /** SIGTERM (then SIGKILL after `ms`); removes the temporary registry. Safe to call twice. */
  stop(ms?: number): Promise<void>;
}

export interface GatewayProcessOptions {
  /** Where each subgraph is reached (SUBGRAPH_<NAME>_URL): the processes or the fault proxies. */
  subgraphUrls: Record<string, string>;
  /** The `resilience` block every subgraph of the temporary registry gets. */
  resilience: ResilienceSettingsInput;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

/**
 * Runs the real gateway entry (gateway/src/index.ts under `node --import tsx`, as `npm start`
 * does) on a free port of 127.0.0.1, with a temporary registry (SUBGRAPH_REGISTRY_PATH): the
 * committed one with the given `resilience` block on every subgraph, and SUBGRAPH_<NAME>_URL
 * pointing at the given URLs. Logs at info, so the breaker's half-open and closed changes are seen.
 */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const registryDir = mkdtempSync(path.join(tmpdir(), "gateway-registry-"));
  const registryFile = path.join(registryDir, "subgraphs.json");
  const subgraphs = loadSubgraphRegistry().map((entry) => ({
    ...entry,
    url: options.subgraphUrls[entry.name] ?? entry.url,
    resilience: options.resilience,
  }));
  writeFileSync(registryFile, JSON.stringify({ subgraphs }, null, 2));

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(SUBGRAPH_\w+_URL|PORT|HOST|SUPERGRAPH_PATH|REQUEST_DEADLINE_MS|JEST_WORKER_ID|REDIS_URL|GATEWAY_CACHE_PREFIX)$/.test(name)) delete env[name];
  }
  for (const [name, url] of Object.entries(options.subgraphUrls)) env[`SUBGRAPH_${name.toUpperCase()}_URL`] = url;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "gateway/src/index.ts")], {
    cwd: REPO_ROOT,
    env: {
      ...env,
      NODE_ENV: "development",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      SUBGRAPH_REGISTRY_PATH: registryFile,
      // The fault suite measures the transport policy: cached entities would answer for a dead subgraph.
      GATEWAY_CACHE: "off",
      // Nor shared fetches: every request of the open load must meet the faulty subgraph itself.
      GATEWAY_COALESCE_QUERIES: "off",
      // The open load comes from one address, at rates a client limit is there to refuse.
      GATEWAY_RATE_LIMIT: "off",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const logs: GatewayLogLine[] = [];
  let stderr = "";
  const output: string[] = [];
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stderr! }).on("line", (line) => output.push(line));

  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        output.push(line);
        if (!line.startsWith("{")) return;
        let entry: GatewayLogLine;
        try {
          entry = JSON.parse(line) as GatewayLogLine;
        } catch {
          return;
        }
        logs.push(entry);
        if (typeof entry.url === "string" && entry.msg.startsWith("Gateway ready at")) resolve(entry.url);
      });
      timer = setTimeout(() => reject(new Error(`the gateway was not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
      void exited.then(() => reject(new Error(`the gateway exited before it was ready:\n${stderr}`)));
    });
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    rmSync(registryDir, { recursive: true, force: true });
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const healthUrl = new URL("/health", url).href;
  let stopped: Promise<void> | undefined;
  return {
    url,
    logs,
    output,
    breakerChanges: (subgraph) =>
      logs
        .filter((entry) => entry.breaker && entry.subgraph && (subgraph === undefined || entry.subgraph === subgraph))
        .map((entry) => ({ at: entry.time, subgraph: entry.subgraph!, from: entry.breaker!.from, to: entry.breaker!.to })),
    async health() {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(5000) });
      return (await response.json()) as HealthReport;
    },
    stop(ms = 10_000) {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), ms);
        await exited;
        clearTimeout(killer);
        rmSync(registryDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
