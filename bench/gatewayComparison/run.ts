/**
 * `npm run bench -- --mode stack`: the four subgraph processes once, then each gateway in turn in front of
 * them, driven with the same query mix; prints req/s, p50 and p99 per gateway and the ratios
 * against vanilla @apollo/gateway. A benchmark, not a test: it never fails on time. It exits 1
 * when it could not measure (a gateway did not start, the mix answered errors or other data
 * than vanilla) or when a measured run had failed requests.
 *
 *   npm run bench -- --mode stack --duration 10 --warmup 3 --stack-warmup 5 --connections 32 --only vanilla,off,on --database pglite
 *
 * Each option may also be given as BENCH_DURATION, BENCH_WARMUP, BENCH_STACK_WARMUP,
 * BENCH_CONNECTIONS, BENCH_ONLY, BENCH_DATABASE; the command line wins.
 * `--database postgres` creates a database of its own on the server of BENCH_DATABASE_URL (or
 * DATABASE_URL) and drops it at the end. With REDIS_URL set, this gateway's runs get it.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { childPids, cpuSeconds, killChildrenAndRemoveOnExit, stopOnSignals, machineLoad, totalCpuSeconds } from "./cpu";
import { failedRequests, type LoadOptions, runLoad } from "./load";
import { DEMO_IDS, QUERY_MIX, withClientCredentials } from "./queryMix";
import { formatBaseline, formatFailures, formatTable, formatTargets, type Measurement } from "./report";
import { BENCH_DATABASES, type BenchDatabase, type BenchStorage, createBenchStorage, databaseBackendPids, type RunningSubgraphs, startSubgraphs } from "./subgraphs";
import { profilingArgs, type RunningTarget, startTarget, TARGET_NAMES, TARGETS, type TargetName } from "./targets";
import { type MixAnswers, verifyMix } from "./verifyMix";

interface BenchOptions extends LoadOptions {
  warmupSeconds: number;
  /** Extra warm-up through the first gateway, so the subgraphs are as warm for it as for the later ones. */
  stackWarmupSeconds: number;
  only: TargetName[];
  database: BenchDatabase;
}

/** What is running, so that a failure or a signal stops all of it; the subgraphs' storage, fresh for every run. */
const running: { storage?: BenchStorage; subgraphs?: RunningSubgraphs; target?: RunningTarget } = {};

async function main(): Promise<number> {
  const options = readOptions();
  log(
    `Gateways: ${options.only.join(", ")}; ${options.connections} connections, ${options.warmupSeconds} s warm-up then ${options.durationSeconds} s measured each; ` +
      `mix: ${QUERY_MIX.map((operation) => operation.name).join(", ")} (${JSON.stringify(DEMO_IDS)})`,
  );
  warnIfBusy("before starting anything");
  running.storage = await createBenchStorage(options.database, process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined);
  log(`Starting the subgraphs (fresh data: ${running.storage.description}; migrated and seeded)…`);
  running.subgraphs = await startSubgraphs(running.storage, profilingArgs());
  // Nothing else has been started yet: these are the subgraph processes.
  const subgraphPids = childPids();
  const subgraphNames = Object.keys(running.subgraphs.pids);
  log(`Subgraphs ready: ${Object.entries(running.subgraphs.urls).map(([name, url]) => `${name} ${url}`).join(", ")}`);

  const measurements: Measurement[] = [];
  let reference: MixAnswers | undefined;
  for (const name of options.only) {
    const label = TARGETS[name].label;
    log(`${label}: starting…`);
    const target = await startTarget(name, running.subgraphs.urls);
    running.target = target;
    const mix = TARGETS[name].clients === "credentials" ? await withClientCredentials(QUERY_MIX) : QUERY_MIX;
    reference ??= await verifyMix(target.url, mix, label);
    await verifyMix(target.url, mix, label, reference);
    const warmupSeconds = options.warmupSeconds + (measurements.length === 0 ? options.stackWarmupSeconds : 0);
    log(`${label}: mix verified at ${target.url}; warming up ${warmupSeconds} s…`);
    await runLoad(target.url, mix, { connections: options.connections, durationSeconds: warmupSeconds });
    // Still the same answers once warm (from its cache, when it has one).
    await verifyMix(target.url, mix, label, reference);
    log(`${label}: measuring ${options.durationSeconds} s…`);
    const eachSubgraph = () => Object.fromEntries(subgraphNames.map((subgraph) => [subgraph, cpuSeconds(running.subgraphs!.pids[subgraph])]));
    // PostgreSQL backends: those there after the run, each from its CPU before it (0 for one the pools opened during the run);
    // a backend that ended during the run (a pool's idle timeout) is missing, so the figure may be a little low.
    const databaseUrl = running.storage!.databaseUrl;
    const backendsBefore = new Map((databaseUrl ? await databaseBackendPids(databaseUrl) : []).map((pid) => [pid, cpuSeconds(pid) ?? 0]));
    const before = { gateway: cpuSeconds(target.pid), subgraphs: totalCpuSeconds(subgraphPids), each: eachSubgraph(), self: process.cpuUsage() };
    const result = await runLoad(target.url, mix, options);
    const after = { gateway: cpuSeconds(target.pid), subgraphs: totalCpuSeconds(subgraphPids), each: eachSubgraph(), self: process.cpuUsage(before.self) };
    const databaseSeconds = databaseUrl
      ? (await databaseBackendPids(databaseUrl)).reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0) - (backendsBefore.get(pid) ?? 0), 0)
      : undefined;
    if (!target.running()) throw new Error(`${label} exited during the measurement`);
    const perRequest = (seconds: number | undefined) => (seconds === undefined ? undefined : (seconds * 1000) / result.requests);
    measurements.push({
      target: name,
      result,
      cpuMsPerRequest: {
        gateway: perRequest(difference(after.gateway, before.gateway)),
        subgraphs: perRequest(difference(after.subgraphs, before.subgraphs)),
        loadGenerator: perRequest((after.self.user + after.self.system) / 1e6),
        database: perRequest(databaseSeconds),
        bySubgraph: Object.fromEntries(subgraphNames.map((subgraph) => [subgraph, perRequest(difference(after.each[subgraph], before.each[subgraph]))])),
      },
    });
    log(`${label}: ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, ${failedRequests(result)} failed`);
    await target.stop();
    running.target = undefined;
  }

  console.log(`\n${formatTable(measurements)}\n`);
  console.log(formatTargets(measurements));
  console.log(formatBaseline(measurements, options.database));
  const failed = measurements.filter((measurement) => failedRequests(measurement.result) > 0);
  for (const measurement of failed) console.error(`\n${formatFailures(measurement)}`);
  return failed.length ? 1 : 0;
}

function difference(after: number | undefined, before: number | undefined): number | undefined {
  return after === undefined || before === undefined ? undefined : after - before;
}

/** Says so when other work already competes for the cores (once this bench runs, its own processes count too). */
function warnIfBusy(when: string): void {
  const cores = availableParallelism();
  const { load, busy } = machineLoad(cores);
  if (busy) log(`warning: load average ${load.toFixed(1)} on ${cores} cores ${when}: other work competes for the CPU, the figures will be lower and noisier`);
}

function readOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: process.env.BENCH_DURATION ?? "10" },
      warmup: { type: "string", default: process.env.BENCH_WARMUP ?? "3" },
      "stack-warmup": { type: "string", default: process.env.BENCH_STACK_WARMUP ?? "5" },
      connections: { type: "string", default: process.env.BENCH_CONNECTIONS ?? "32" },
      only: { type: "string", default: process.env.BENCH_ONLY ?? TARGET_NAMES.join(",") },
      database: { type: "string", default: process.env.BENCH_DATABASE || "pglite" },
    },
  });
  if (!(BENCH_DATABASES as readonly string[]).includes(values.database)) throw new Error(`--database takes ${BENCH_DATABASES.join(" or ")}; got "${values.database}"`);
  const only = values.only.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = only.filter((name) => !(TARGET_NAMES as readonly string[]).includes(name));
  if (unknown.length || only.length === 0) throw new Error(`--only takes a comma-separated list of ${TARGET_NAMES.join(", ")}; got "${values.only}"`);
  return {
    durationSeconds: positiveInteger("--duration", values.duration),
    warmupSeconds: positiveInteger("--warmup", values.warmup),
    stackWarmupSeconds: nonNegativeInteger("--stack-warmup", values["stack-warmup"]),
    connections: positiveInteger("--connections", values.connections),
    // Always in the same order: vanilla first, as the baseline the others are compared with.
    only: TARGET_NAMES.filter((name) => only.includes(name)),
    database: values.database as BenchDatabase,
  };
}

function positiveInteger(option: string, value: string): number {
  const number = nonNegativeInteger(option, value);
  if (number === 0) throw new Error(`${option} must be a positive integer; got "${value}"`);
  return number;
}

function nonNegativeInteger(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`${option} must be a whole number of seconds or connections; got "${value}"`);
  return number;
}

async function stopEverything(): Promise<void> {
  await running.target?.stop(5_000).catch(() => undefined);
  await running.subgraphs?.stop().catch(() => undefined);
  await running.storage?.remove().catch((error: unknown) => log(`could not remove ${running.storage!.description}: ${(error as Error).message}`));
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

killChildrenAndRemoveOnExit(() => running.storage?.removeOnExit());

stopOnSignals(stopEverything, log);

main()
  .catch((error: unknown) => {
    console.error(`\n!!! The benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await stopEverything();
    process.exit(code);
  });
