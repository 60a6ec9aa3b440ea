import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "@platform/registry";

/** One pino line of a subgraph process (every field it logged). */
export interface SubgraphLogLine {
  msg: string;
  /** Date.now() of the process when it logged. */
  time?: number;
  [field: string]: unknown;
}

export interface SubgraphProcess {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** The process's pino log lines so far (the JSON lines of its stdout, the "failpoint hit" one included). */
  logs: SubgraphLogLine[];
  /** Every line the process wrote, stdout and stderr, as written (JSON or not); stderr is still echoed to the test's. */
  output: string[];
  /** Settles when the process has exited, however: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal; resolves with the exit code, or throws if the process has not exited within `ms`. */
  stop(signal: NodeJS.Signals, ms?: number): Promise<number | null>;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown hooks run. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGSTOP: the process hangs (it holds its sockets, answers nothing) until `resume`. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /**
   * Starts the same subgraph again on the same port and storage (after this one exited, or kills
   * it first), with `env` instead of the environment this one was given (by default the same).
   */
  restart(env?: NodeJS.ProcessEnv): Promise<SubgraphProcess>;
}

/** Where a subgraph keeps its data: a PGlite DATA_DIR, or a PostgreSQL database (DATABASE_URL, one schema per subgraph). */
export type SubgraphStorage = string | { databaseUrl: string };

export interface SubgraphProcessOptions {
  /** The port to listen on (a restart reuses the port it had); 0, any free port, by default. */
  port?: number;
  /** Added to (and overriding) the environment the process gets. */
  env?: NodeJS.ProcessEnv;
  /** How long the process may take to say "subgraph ready" before it is killed and the start fails. */
  readyTimeoutMs?: number;
  /** Options for node itself, before the entry (e.g. a benchmark's `--cpu-prof`). */
  nodeArgs?: string[];
}

/**
 * Runs one subgraph's index.ts as `npm start` does (node with tsx as loader), on an embedded
 * PGlite data directory or a PostgreSQL database, with NODE_ENV as in production rather than "test".
 */
export async function startSubgraphProcess(name: string, storage: SubgraphStorage, options: SubgraphProcessOptions = {}): Promise<SubgraphProcess> {
  const { DATABASE_URL: _ignored, DATA_DIR: _ignoredToo, ...env } = process.env;
  const storageEnv = typeof storage === "string" ? { DATA_DIR: storage } : { DATABASE_URL: storage.databaseUrl };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", path.join(REPO_ROOT, `subgraphs/${name}/src/index.ts`)], {
    cwd: REPO_ROOT,
    env: { ...env, NODE_ENV: "development", ...storageEnv, PORT: String(options.port ?? 0), LOG_LEVEL: "info", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => {
    output.push(line);
    process.stderr.write(`${line}\n`);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const logs: SubgraphLogLine[] = [];
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      output.push(line);
      if (!line.startsWith("{")) return;
      let entry: SubgraphLogLine;
      try {
        entry = JSON.parse(line) as SubgraphLogLine;
      } catch {
        return; // a line cut short by a SIGKILL
      }
      logs.push(entry);
      if (entry.msg === "subgraph ready") resolve(entry.url as string);
    });
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`subgraph ${name} was not ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    void exited.then(({ code, signal }) => reject(new Error(`subgraph ${name} exited with ${code ?? signal} before it was ready`)));
  }).finally(() => clearTimeout(timer));
  const running = () => child.exitCode === null && child.signalCode === null;
  const port = Number(new URL(url).port);
  const kill = async () => {
    if (running()) {
      child.kill("SIGKILL");
      // A stopped process takes SIGKILL too; SIGCONT is harmless after it.
      child.kill("SIGCONT");
    }
    await exited;
  };
  return {
    name,
    url,
    port,
    pid: child.pid!,
    logs,
    output,
    exited,
    stop: (signal, ms = 15_000) => stopWithin(child, exited, signal, ms),
    kill,
    pause: () => void (running() && child.kill("SIGSTOP")),
    resume: () => void (running() && child.kill("SIGCONT")),
    async restart(env = options.env) {
      await kill();
      return startSubgraphProcess(name, storage, { ...options, port, env });
    },
  };
}

async function stopWithin(child: ChildProcess, exited: Promise<unknown>, signal: NodeJS.Signals, ms: number) {
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), ms)));
  const outcome = await Promise.race([exited, hung]);
  clearTimeout(timer);
  if (outcome === "hung") {
    child.kill("SIGKILL");
    throw new Error(`the process did not exit within ${ms} ms of ${signal}`);
  }
  return child.exitCode;
}
