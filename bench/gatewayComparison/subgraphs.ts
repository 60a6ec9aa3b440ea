/**
 * The four subgraph processes every gateway is measured against, started once: each as
 * `npm start` runs it, on free ports of 127.0.0.1, told where the others are
 * (SUBGRAPH_<NAME>_URL) for their service calls, on fresh storage migrated and seeded with the
 * demo world on this first start: PGlite in an empty DATA_DIR, or a PostgreSQL database created
 * for the run (one schema per subgraph, as DATABASE_URL gives them) and dropped at the end.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";
import { loadSubgraphRegistry } from "@platform/registry";
import { startSubgraphProcess, type SubgraphProcess, type SubgraphStorage } from "../../test/support/subgraphProcess";
import { freePort } from "../../test/support/stack";
import { runOnServer } from "../../test/support/testDatabase";

export const BENCH_DATABASES = ["pglite", "postgres"] as const;
export type BenchDatabase = (typeof BENCH_DATABASES)[number];

export interface BenchStorage {
  kind: BenchDatabase;
  storage: SubgraphStorage;
  /** Where the data is, for the log (no password). */
  description: string;
  /** The PostgreSQL database of the run (to read or change data besides the subgraphs), when on PostgreSQL. */
  databaseUrl?: string;
  /** Removes the data directory, or drops the database. Safe to call twice. */
  remove(): Promise<void>;
  /** What can be done synchronously when the process exits anyway (the directory; a database needs a connection). */
  removeOnExit(): void;
}

/**
 * Fresh storage for one run. PostgreSQL: `serverUrl` only says which server and credentials; the run
 * creates its own database `bench_<pid>_<random>` there and never writes to the one the URL names.
 */
export async function createBenchStorage(kind: BenchDatabase, serverUrl?: string): Promise<BenchStorage> {
  if (kind === "pglite") {
    const dataDir = mkdtempSync(path.join(tmpdir(), "bench-gateways-"));
    const remove = () => rmSync(dataDir, { recursive: true, force: true });
    return { kind, storage: dataDir, description: `PGlite in ${dataDir}`, remove: async () => remove(), removeOnExit: remove };
  }
  if (!serverUrl) throw new Error("--database postgres needs a server: set BENCH_DATABASE_URL (or DATABASE_URL), e.g. postgres://postgres@127.0.0.1:5432/postgres");
  const name = `bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await runOnServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    kind,
    storage: { databaseUrl: url.toString() },
    databaseUrl: url.toString(),
    description: `PostgreSQL database ${name} on ${url.host}`,
    // FORCE: a subgraph killed half-way may have left a connection open.
    remove: () => (dropped ??= runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
    removeOnExit: () => undefined,
  };
}

/**
 * The PostgreSQL server processes (backends) serving `databaseUrl`'s database now: their CPU is
 * the database's share of a request. Empty when the server cannot say.
 */
export async function databaseBackendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    return rows.map((row) => row.pid);
  } catch {
    return [];
  } finally {
    await client.end().catch(() => undefined);
  }
}


export interface RunningSubgraphs {
  /** The GraphQL endpoint of each subgraph, by name. */
  urls: Record<string, string>;
  /** The subgraph processes, by name. */
  pids: Record<string, number>;
  /** Stops every process. Safe to call twice. */
  stop(): Promise<void>;
}

/** First starts migrate and seed; four at once on two cores take a while. */
const READY_TIMEOUT_MS = 240_000;

/**
 * `storage`: fresh, from createBenchStorage (the caller removes it). `nodeArgs`: for node itself
 * (the CPU profile's flags). Each subgraph runs with NODE_ENV=production and SEED_DEMO_DATA=true,
 * as docker-compose runs them.
 */
export async function startSubgraphs(storage: BenchStorage, nodeArgs: string[] = []): Promise<RunningSubgraphs> {
  const names = loadSubgraphRegistry().flatMap((entry) => (entry.entry ? [entry.name] : []));
  const ports = await distinctFreePorts(names.length);
  const urls = Object.fromEntries(names.map((name, index) => [name, `http://127.0.0.1:${ports[index]}/graphql`]));
  const urlEnv = Object.fromEntries(names.map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, urls[name]]));
  // As deployed (docker-compose): NODE_ENV=production, which requires SERVICE_SECRET: the development
  // one, which the gateways are given too. SEED_DEMO_DATA: PostgreSQL is never seeded without it.
  const deployedEnv = { NODE_ENV: "production", SERVICE_SECRET: DEVELOPMENT_SERVICE_SECRET, SEED_DEMO_DATA: "true" };

  const started = await Promise.allSettled(
    names.map((name, index) =>
      startSubgraphProcess(name, storage.storage, {
        port: ports[index],
        env: { ...urlEnv, ...deployedEnv, HOST: "127.0.0.1" },
        readyTimeoutMs: READY_TIMEOUT_MS,
        nodeArgs,
      }),
    ),
  );
  const processes = started.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));

  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= Promise.all(processes.map((subgraph) => stopQuietly(subgraph))).then(() => undefined));

  const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { urls, pids: Object.fromEntries(processes.map((subgraph) => [subgraph.name, subgraph.pid])), stop };
}

async function stopQuietly(subgraph: SubgraphProcess): Promise<void> {
  try {
    await subgraph.stop("SIGTERM", 10_000);
  } catch {
    await subgraph.kill();
  }
}

/** Free ports, all different (each probe releases its port, so the OS may hand one out twice). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
