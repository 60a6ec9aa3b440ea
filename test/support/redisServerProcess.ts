import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createConnection } from "node:net";
import { freePort } from "./stack";

export interface RedisServerProcess {
  url: string;
  port: number;
  /** SIGKILL: Redis dies with everything it held (it keeps nothing on disk). */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that still accepts connections but answers nothing, then recovers with its data. */
  freeze(): void;
  thaw(): void;
  /** Starts a fresh Redis on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Whether this machine can run a throwaway Redis (Debian's redis-server). */
export function redisServerAvailable(): boolean {
  return spawnSync("redis-server", ["--version"]).status === 0;
}

/**
 * A Redis of the test's own on a free port of 127.0.0.1, to kill or freeze without touching the
 * Redis other suites share. Keeps nothing on disk.
 */
export async function startRedisServer(): Promise<RedisServerProcess> {
  const port = await freePort();
  let child = await launch(port);
  const exited = (process: ChildProcess) => new Promise<void>((resolve) => (process.exitCode !== null || process.signalCode !== null ? resolve() : process.once("exit", () => resolve())));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      child.kill("SIGKILL");
      await exited(child);
    },
    freeze: () => child.kill("SIGSTOP"),
    thaw: () => child.kill("SIGCONT"),
    async restart() {
      child = await launch(port);
    },
    async stop() {
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await exited(child);
    },
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await accepts(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not listen on ${port} within 5 s`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
