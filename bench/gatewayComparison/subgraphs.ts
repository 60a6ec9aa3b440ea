/**
 * The four subgraph processes every gateway is measured against, started once: each as
 * `npm start` runs it, on PGlite in a fresh, empty DATA_DIR (migrated and seeded with the
 * demo world on this first start), on free ports of 127.0.0.1, and told where the others are
 * (SUBGRAPH_<NAME>_URL) for their service calls.
 */
import { rmSync } from "node:fs";
import { loadSubgraphRegistry } from "@platform/registry";
import { startSubgraphProcess, type SubgraphProcess } from "../../test/support/subgraphProcess";
import { freePort } from "../../test/support/stack";

export interface RunningSubgraphs {
  /** The GraphQL endpoint of each subgraph, by name. */
  urls: Record<string, string>;
  /** Stops every process and removes the data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** First starts migrate and seed; four at once on two cores take a while. */
const READY_TIMEOUT_MS = 240_000;

/** `dataDir`: an empty directory, removed by `stop()` (and when the start fails). */
export async function startSubgraphs(dataDir: string): Promise<RunningSubgraphs> {
  const names = loadSubgraphRegistry().flatMap((entry) => (entry.entry ? [entry.name] : []));
  const ports = await distinctFreePorts(names.length);
  const urls = Object.fromEntries(names.map((name, index) => [name, `http://127.0.0.1:${ports[index]}/graphql`]));
  const urlEnv = Object.fromEntries(names.map((name) => [`SUBGRAPH_${name.toUpperCase()}_URL`, urls[name]]));

  const started = await Promise.allSettled(
    names.map((name, index) =>
      startSubgraphProcess(name, dataDir, { port: ports[index], env: { ...urlEnv, HOST: "127.0.0.1" }, readyTimeoutMs: READY_TIMEOUT_MS }),
    ),
  );
  const processes = started.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all(processes.map((subgraph) => stopQuietly(subgraph)));
      rmSync(dataDir, { recursive: true, force: true });
    })());

  const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { urls, stop };
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
