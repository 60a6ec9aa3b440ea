import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { postGraphQL } from "../../../test/support/graphqlClient";
import { createTestDatabaseTarget, type TestDatabaseTarget } from "../../../test/support/testDatabase";
import { REPO_ROOT } from "../../shared/src";

// The process as `npm start` runs it: migrated and seeded on start, stopped by a signal.

let database: TestDatabaseTarget;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabaseTarget();
  dataDir = await mkdtemp(path.join(tmpdir(), "catalog-process-"));
});

afterAll(async () => {
  await database?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function startCatalogProcess(): ChildProcess {
  const databaseEnv =
    database.target.kind === "postgres" ? { DATABASE_URL: database.target.url, SEED_DEMO_DATA: "true" } : { DATA_DIR: dataDir };
  return spawn(process.execPath, ["--import", "tsx", "subgraphs/catalog/src/index.ts"], {
    cwd: REPO_ROOT,
    // Not "test": Apollo Server installs its own signal handlers outside tests, which is what this must survive.
    env: { ...process.env, NODE_ENV: "development", PORT: "0", LOG_LEVEL: "info", ...databaseEnv },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

/** The URL from the "subgraph ready" log line. */
async function readyUrl(child: ChildProcess): Promise<string> {
  for await (const line of createInterface({ input: child.stdout! })) {
    const entry = line.startsWith("{") ? (JSON.parse(line) as { msg?: string; url?: string }) : {};
    if (entry.msg === "subgraph ready" && entry.url) return entry.url;
  }
  throw new Error("the catalog process ended before it was ready");
}

function exitCode(child: ChildProcess, withinMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`still running after ${withinMs} ms`), withinMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? `killed by ${signal}`);
    });
  });
}

it("serves the seeded catalog and exits 0 promptly on SIGTERM", async () => {
  const child = startCatalogProcess();
  try {
    const url = await readyUrl(child);
    const response = await postGraphQL(url, `{ products(first: 1) { totalCount } }`);
    expect(response.body).toEqual({ data: { products: { totalCount: 200 } } });

    child.kill("SIGTERM");
    expect(await exitCode(child, 3_000)).toBe(0);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
});
