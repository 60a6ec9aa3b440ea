import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "../../subgraphs/shared/src/registry";

export interface SubgraphProcess {
  url: string;
  /** The process's pino log lines so far. */
  logs: { msg: string }[];
  /** Sends the signal; resolves with the exit code, or throws if the process has not exited within `ms`. */
  stop(signal: NodeJS.Signals, ms?: number): Promise<number | null>;
}

/**
 * Runs one subgraph's index.ts as `npm start` does (node with tsx as loader), on an embedded
 * PGlite data directory, with NODE_ENV as in production rather than "test".
 */
export async function startSubgraphProcess(name: string, dataDir: string): Promise<SubgraphProcess> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, `subgraphs/${name}/src/index.ts`)], {
    cwd: REPO_ROOT,
    env: { ...env, NODE_ENV: "development", DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs: { msg: string }[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      const entry = JSON.parse(line) as { msg: string; url?: string };
      logs.push(entry);
      if (entry.msg === "subgraph ready") resolve(entry.url!);
    });
    void exited.then((code) => reject(new Error(`subgraph ${name} exited with ${code} before it was ready`)));
  });
  return { url, logs, stop: (signal, ms = 15_000) => stopWithin(child, exited, signal, ms) };
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
