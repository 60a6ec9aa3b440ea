import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "../../shared/src/registry";
import { postGraphQL } from "../../../test/support/graphqlClient";

/**
 * The process as `npm start` runs it: index.ts under tsx, on an embedded PGlite data directory,
 * stopped by a signal. NODE_ENV is not "test" here, as in production.
 */
interface SubgraphProcess {
  url: string;
  logs: { msg: string }[];
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

const ENTRY = path.join(REPO_ROOT, "subgraphs/inventory/src/index.ts");

async function startProcess(dataDir: string): Promise<SubgraphProcess> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    cwd: REPO_ROOT,
    env: { ...env, NODE_ENV: "development", DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs: { msg: string; url?: string }[] = [];
  const ready = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      const entry = JSON.parse(line) as { msg: string; url?: string };
      logs.push(entry);
      if (entry.msg === "subgraph ready") resolve(entry.url!);
    });
    void exited.then((code) => reject(new Error(`the process exited with ${code} before it was ready`)));
  });
  return { url: await ready, logs, stop: (signal) => stopWithin(child, exited, signal, 15_000) };
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

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "inventory-process-"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const QUERY = `{ store(id: "store-london-oxford-st") { id code } }`;

it("migrates and seeds on first start, answers, and exits 0 on SIGTERM", async () => {
  const running = await startProcess(dataDir);
  const response = await postGraphQL(running.url, QUERY);

  expect(response.body.data.store).toEqual({ id: "store-london-oxford-st", code: "LON01" });
  expect(running.logs.map((entry) => entry.msg)).toEqual(expect.arrayContaining(["applied migrations", "seeded demo inventory"]));
  expect(await running.stop("SIGTERM")).toBe(0);
});

it("on a second start applies nothing, writes nothing, serves the same data, and exits 0 on SIGINT", async () => {
  const running = await startProcess(dataDir);
  const response = await postGraphQL(running.url, QUERY);

  expect(response.body.data.store).toEqual({ id: "store-london-oxford-st", code: "LON01" });
  expect(running.logs.map((entry) => entry.msg)).not.toContain("applied migrations");
  expect(running.logs.map((entry) => entry.msg)).not.toContain("seeded demo inventory");
  expect(await running.stop("SIGINT")).toBe(0);
});
