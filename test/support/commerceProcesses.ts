import { createTestDatabaseTarget } from "./testDatabase";
import { freePort } from "./stack";
import { type SubgraphProcess, startSubgraphProcess } from "./subgraphProcess";

export const SUBGRAPH_NAMES = ["catalog", "inventory", "customer", "orders"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export interface CommerceProcesses {
  /** The fresh database every subgraph keeps its schema in (dropped by stop()). */
  databaseUrl: string;
  /** Each subgraph's /graphql, fixed for the run: a restart keeps its port. */
  urls: Record<SubgraphName, string>;
  /** The subgraph's current process. */
  process(name: SubgraphName): SubgraphProcess;
  /** Every process each subgraph has had, in order (the crashed ones too, with their logs). */
  history(name: SubgraphName): SubgraphProcess[];
  /** Kills the subgraph's current process if it still runs and starts it again with `env` over the common environment (none by default). */
  restart(name: SubgraphName, env?: NodeJS.ProcessEnv): Promise<SubgraphProcess>;
  /** Stops every process (SIGKILL for any that hangs) and drops the database. */
  stop(): Promise<void>;
}

export interface CommerceProcessesOptions {
  /** Per subgraph, added to its environment at every start (e.g. orders' saga settings). */
  env?: Partial<Record<SubgraphName, NodeJS.ProcessEnv>>;
}

/**
 * The four subgraphs, each its own process as `npm start` runs it, on one fresh PostgreSQL
 * database of TEST_DATABASE_URL's server (each subgraph migrates and seeds its own schema),
 * on free ports of 127.0.0.1 fixed up front and wired to each other by SUBGRAPH_<NAME>_URL,
 * so that any one of them can be restarted on its port while the others keep running.
 */
export async function startCommerceProcesses(options: CommerceProcessesOptions = {}): Promise<CommerceProcesses> {
  if (!process.env.TEST_DATABASE_URL) throw new Error("startCommerceProcesses needs TEST_DATABASE_URL (a PostgreSQL server)");
  const database = await createTestDatabaseTarget();
  if (database.target.kind !== "postgres") throw new Error("expected a PostgreSQL database");
  const databaseUrl = database.target.url;
  const ports = {} as Record<SubgraphName, number>;
  const urls = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) {
    ports[name] = await freePort();
    urls[name] = `http://127.0.0.1:${ports[name]}/graphql`;
  }
  const wiring: NodeJS.ProcessEnv = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, urls[name]]));
  const envOf = (name: SubgraphName, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...wiring,
    SEED_DEMO_DATA: "true",
    // Events stay in the process: these suites are about stock, not the event stream.
    REDIS_URL: undefined,
    ...options.env?.[name],
    ...extra,
  });
  const histories = new Map<SubgraphName, SubgraphProcess[]>(SUBGRAPH_NAMES.map((name) => [name, []]));
  const start = async (name: SubgraphName, extra?: NodeJS.ProcessEnv) => {
    const started = await startSubgraphProcess(name, { databaseUrl }, { port: ports[name], env: envOf(name, extra), readyTimeoutMs: 180_000 });
    histories.get(name)!.push(started);
    return started;
  };
  const current = (name: SubgraphName) => histories.get(name)!.at(-1)!;
  const stopAll = async () => {
    await Promise.all(
      SUBGRAPH_NAMES.flatMap((name) => histories.get(name)!).map((running) => {
        running.resume();
        return running.stop("SIGTERM", 10_000).catch(() => running.kill());
      }),
    );
    await database.dispose();
  };
  try {
    // All at once: none needs another to start (they call each other only when asked).
    const started = await Promise.allSettled(SUBGRAPH_NAMES.map((name) => start(name)));
    const failed = started.find((outcome) => outcome.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  return {
    databaseUrl,
    urls,
    process: current,
    history: (name) => [...histories.get(name)!],
    async restart(name, env) {
      await current(name).kill();
      return start(name, env);
    },
    stop: stopAll,
  };
}
