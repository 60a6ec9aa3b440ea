import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "../../subgraphs/shared/src/registry";

export interface SubgraphProcess {
  url: string;
  port: number;
  /** The process's pino log lines so far. */
  logs: { msg: string }[];
  /** Sends the signal; resolves with the exit code, or throws if the process has not exited within `ms`. */
  stop(signal: NodeJS.Signals, ms?: number): Promise<number | null>;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown hooks run. Resolves once the process is gone. */
  kill(): Promise<void>;
}

export interface SubgraphProcessOptions {
  /** The port to listen on (a restart reuses the port it had); 0, any free port, by default. */
  port?: number;
  /** Added to (and overriding) the environment the process gets. */
  env?: NodeJS.ProcessEnv;
  /** How long the process may take to say "subgraph ready" before it is killed and the start fails. */
  readyTimeoutMs?: number;
}

/**
 * Runs one subgraph's index.ts as `npm start` does (node with tsx as loader), on an embedded
 * PGlite data directory, with NODE_ENV as in production rather than "test".
 */
export async function startSubgraphProcess(name: string, dataDir: string, options: SubgraphProcessOptions = {}): Promise<SubgraphProcess> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, `subgraphs/${name}/src/index.ts`)], {
    cwd: REPO_ROOT,
    env: { ...env, NODE_ENV: "development", DATA_DIR: dataDir, PORT: String(options.port ?? 0), LOG_LEVEL: "info", ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs: { msg: string }[] = [];
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      const entry = JSON.parse(line) as { msg: string; url?: string };
      logs.push(entry);
      if (entry.msg === "subgraph ready") resolve(entry.url!);
    });
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`subgraph ${name} was not ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    void exited.then((code) => reject(new Error(`subgraph ${name} exited with ${code} before it was ready`)));
  }).finally(() => clearTimeout(timer));
  return {
    url,
    port: Number(new URL(url).port),
    logs,
    stop: (signal, ms = 15_000) => stopWithin(child, exited, signal, ms),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

async function stopWithin(child: ChildProcess, exited: Promise<number | null>, signal: NodeJS.Signals, ms: number) {
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), ms)));
  const outcome = await Promise.race([exited, hung]);
  clearTimeout(timer);
  if (outcome === "hung") {
    child.kill("SIGKILL");
    throw new Error(`the process did not exit within ${ms} ms of ${signal}`);
  }
  return outcome;
}
