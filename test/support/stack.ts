import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadSubgraphRegistry, REPO_ROOT } from "@platform/registry";

export interface RunningStack {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  /** The launcher's process id (each service is a child process of it). */
  pid: number;
  /** Whether the launcher is still running: it stops everything and exits when any service dies. */
  running(): boolean;
  /** Everything the launcher and its children printed so far. */
  output(): string;
  /** Ctrl-C, as a user would: resolves with the launcher's exit code. */
  stop(): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Runs `npm start`'s launcher (scripts/start.ts) as a real process tree on free ports of
 * 127.0.0.1: every subgraph and the gateway in its own process. Without DATABASE_URL in `env`,
 * the subgraphs use PGlite in a fresh temporary DATA_DIR, exactly as on a fresh clone.
 */
export async function startStack(env: NodeJS.ProcessEnv = {}, readyTimeoutMs = 150_000): Promise<RunningStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "commerce-stack-"));
  const subgraphUrls: Record<string, string> = {};
  const portEnv: NodeJS.ProcessEnv = {};
  for (const subgraph of loadSubgraphRegistry()) {
    const url = `http://127.0.0.1:${await freePort()}/graphql`;
    subgraphUrls[subgraph.name] = url;
    portEnv[`SUBGRAPH_${subgraph.name.toUpperCase()}_URL`] = url;
  }
  const gatewayPort = await freePort();

  const launcher = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: REPO_ROOT,
    env: { ...cleanEnvironment(), DATA_DIR: dataDir, LOG_LEVEL: "warn", ...portEnv, PORT: String(gatewayPort), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  launcher.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => launcher.once("exit", (code) => resolve(code)));

  const gatewayUrl = await waitForReady(launcher, () => output, exited, readyTimeoutMs).catch(async (error: Error) => {
    launcher.kill("SIGINT");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${error.message}\n--- launcher output ---\n${output}`);
  });

  return {
    gatewayUrl,
    subgraphUrls,
    pid: launcher.pid!,
    running: () => launcher.exitCode === null && launcher.signalCode === null,
    output: () => output,
    async stop() {
      if (launcher.exitCode === null) launcher.kill("SIGINT");
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

function waitForReady(launcher: ChildProcess, output: () => string, exited: Promise<number | null>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stack was not ready within ${timeoutMs} ms`)), timeoutMs);
    const check = () => {
      const match = /Gateway ready at (http:\/\/\S+)/.exec(output());
      if (!match) return;
      clearTimeout(timer);
      launcher.stdout!.off("data", check);
      resolve(match[1]!);
    };
    launcher.stdout!.on("data", check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the launcher exited with code ${code} before the gateway was ready`));
    });
  });
}

/** This process's environment without settings that would point the stack somewhere else. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(SUBGRAPH_\w+_URL|DATABASE_URL|REDIS_URL|PORT|HOST|DATA_DIR|SUPERGRAPH_PATH|NODE_ENV|JEST_WORKER_ID)$/.test(name)) delete env[name];
  }
  return env;
}
