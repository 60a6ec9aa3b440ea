/**
 * `npm run bench:overhead`: what each gateway costs on its own. Two light in-memory subgraphs
 * (static data, each its own process), and in front of them, all started at once:
 *
 *   vanilla   @apollo/gateway + @apollo/server, defaults (bench/gatewayComparison/vanillaGateway.ts)
 *   hive      Hive Gateway (@graphql-hive/gateway), defaults (hiveGateway.ts)
 *   off       this gateway, cache and query coalescing off
 *   defaults  this gateway as deployed, over subgraphs without cache hints (nothing cacheable), with
 *             metrics, request logs (LOG_LEVEL=info, every request) and tracing (to an OTLP sink of the bench's) on
 *   traced    the same with metrics and request logs off, tracing on (tracing's share of that cost)
 *   unobserved  the same with metrics, request logs and tracing off (observability's cost: defaults vs unobserved)
 *   cached    this gateway as deployed, over the same subgraphs with cache hints (cache hits)
 *   bare      a node:http server replaying the answers (the ceiling)
 *
 * They are measured in turn, round after round (interleaved, so a slower minute of the machine
 * does not fall on one of them), with the same mix and connections. A benchmark: it prints
 * figures and never fails on time; it exits 1 when it could not measure (a start failed, a wrong
 * answer, failed requests).
 *
 *   npm run bench:overhead -- --rounds 2 --duration 10 --warmup 3 --connections 50 --only vanilla,hive,off,defaults,cached,bare
 *   npm run bench:overhead -- --rounds 3 --duration 10 --only defaults,unobserved
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { cpuSeconds, killChildrenAndRemoveOnExit, totalCpuSeconds } from "../gatewayComparison/cpu";
import { failedRequests, type LoadResult, runLoad } from "../gatewayComparison/load";
import { type BenchProcessSpec, type RunningBenchProcess, startBenchProcess, thisGateway } from "../gatewayComparison/targets";
import { requestBody } from "../gatewayComparison/queryMix";
import { verifyMix } from "../gatewayComparison/verifyMix";
import { LIGHT_SUBGRAPHS, lightSubgraphSdl } from "./lightSubgraphs";
import { OVERHEAD_MIX } from "./overheadMix";
import { formatObservabilityOverhead, formatOverheadTable, formatOverheadTargets, type OverheadRow } from "./overheadReport";
import { type OtlpReceiver, startOtlpReceiver } from "../../test/support/otlpReceiver";

export const OVERHEAD_TARGETS = ["vanilla", "hive", "off", "defaults", "traced", "unobserved", "cached", "bare"] as const;
export type OverheadTarget = (typeof OVERHEAD_TARGETS)[number];

const LABELS: Record<OverheadTarget, string> = {
  vanilla: "vanilla @apollo/gateway",
  hive: "Hive Gateway 2.15.1",
  off: "this gateway, cache and coalescing off",
  defaults: "this gateway, defaults (nothing cacheable), metrics + request logs + tracing on",
  traced: "this gateway, defaults (nothing cacheable), tracing on only",
  unobserved: "this gateway, defaults (nothing cacheable), observability off",
  cached: "this gateway, defaults (cache hits)",
  bare: "bare node:http replaying the answers",
};

interface Options {
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  only: OverheadTarget[];
}

/**
 * Rate limiting on, as deployed: every request of the mix carries the web key, so each counts
 * against that key's limit (not the address's), raised above what one machine can send so that
 * the limiter runs on every request and refuses none.
 */
const RATE_LIMITED_AS_DEPLOYED = { GATEWAY_RATE_LIMIT: "on", GATEWAY_RATE_LIMIT_KEY_PER_MINUTE: String(1_000_000_000) };

const dir = mkdtempSync(path.join(tmpdir(), "bench-overhead-"));
const started: RunningBenchProcess[] = [];
const sinks: OtlpReceiver[] = [];

async function main(): Promise<number> {
  const options = readOptions();
  log(`${options.only.join(", ")}; ${options.rounds} rounds of ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s measured each, ${options.connections} connections; mix: ${OVERHEAD_MIX.map((operation) => operation.name).join(", ")}`);

  // Where the `defaults` row's spans go: an OTLP/HTTP collector of the bench's own, which answers and forgets.
  const sink = options.only.includes("defaults") || options.only.includes("traced") ? await startOtlpReceiver({ keep: false }) : undefined;
  if (sink) sinks.push(sink);
  const subgraphs = { plain: await startLightSubgraphs(false), hinted: await startLightSubgraphs(true) };
  const files = { plain: writeSupergraph("plain", subgraphs.plain.urls), hinted: writeSupergraph("hinted", subgraphs.hinted.urls) };

  const gatewaySpec = (name: OverheadTarget, set: "plain" | "hinted", env: NodeJS.ProcessEnv): BenchProcessSpec => ({
    label: LABELS[name],
    entry: "gateway/src/index.ts",
    env: (inherited) => ({ ...thisGateway("on")(inherited), ...RATE_LIMITED_AS_DEPLOYED, SUPERGRAPH_PATH: files[set].supergraph, SUBGRAPH_REGISTRY_PATH: files[set].registry, ...env }),
    endpoint: (port) => `http://127.0.0.1:${port}/graphql`,
  });
  const specs: Record<Exclude<OverheadTarget, "bare">, [BenchProcessSpec, "plain" | "hinted"]> = {
    vanilla: [
      { label: LABELS.vanilla, entry: "bench/gatewayComparison/vanillaGateway.ts", env: () => ({ BENCH_SUPERGRAPH_PATH: files.plain.supergraph }), endpoint: (port) => `http://127.0.0.1:${port}/` },
      "plain",
    ],
    hive: [
      { label: LABELS.hive, entry: "bench/gatewayOverhead/hiveGateway.ts", env: () => ({ BENCH_SUPERGRAPH_PATH: files.plain.supergraph }), endpoint: (port) => `http://127.0.0.1:${port}/graphql` },
      "plain",
    ],
    off: [gatewaySpec("off", "plain", { GATEWAY_CACHE: "off", GATEWAY_COALESCE_QUERIES: "off" }), "plain"],
    // Observability as deployed: Prometheus metrics (the default), one request log line per request
    // (LOG_LEVEL=info, GATEWAY_REQUEST_LOG_SAMPLE=1, the default; the lines go to the bench's pipe), and
    // OpenTelemetry traces of every request (sampled at 1, the default) sent to the sink.
    defaults: [gatewaySpec("defaults", "plain", { LOG_LEVEL: "info", GATEWAY_METRICS: "on", GATEWAY_REQUEST_LOG_SAMPLE: "1", OTEL_EXPORTER_OTLP_ENDPOINT: sink?.endpoint ?? "" }), "plain"],
    // The same gateway with all three off: no metrics capability, no successful request logged (the
    // request log's interceptor still runs: it has no off switch), no tracing SDK loaded.
    traced: [gatewaySpec("traced", "plain", { LOG_LEVEL: "warn", GATEWAY_METRICS: "off", GATEWAY_REQUEST_LOG_SAMPLE: "0", OTEL_EXPORTER_OTLP_ENDPOINT: sink?.endpoint ?? "" }), "plain"],
    unobserved: [gatewaySpec("unobserved", "plain", { LOG_LEVEL: "warn", GATEWAY_METRICS: "off", GATEWAY_REQUEST_LOG_SAMPLE: "0" }), "plain"],
    cached: [gatewaySpec("cached", "hinted", {}), "hinted"],
  };

  const targets = new Map<OverheadTarget, { child: RunningBenchProcess; subgraphPids: number[] }>();
  let reference: Record<string, string> | undefined;
  for (const name of options.only.filter((target) => target !== "bare") as Exclude<OverheadTarget, "bare">[]) {
    const [spec, set] = specs[name];
    const child = await startBenchProcess(name, spec, subgraphs[set].urls);
    started.push(child);
    reference = await verifyMix(child.url, OVERHEAD_MIX, spec.label, reference);
    targets.set(name, { child, subgraphPids: subgraphs[set].pids });
    log(`${spec.label}: ready at ${child.url}, mix verified`);
  }
  if (options.only.includes("bare")) {
    // The ceiling replays what the first gateway answered (the same bytes for every gateway, as verified).
    reference ??= await verifyMix((await startVanillaForAnswers(specs.vanilla[0], subgraphs.plain.urls)).url, OVERHEAD_MIX, LABELS.vanilla);
    const answersPath = path.join(dir, "answers.json");
    writeFileSync(answersPath, JSON.stringify(Object.fromEntries(OVERHEAD_MIX.map((operation) => [requestBody(operation), JSON.stringify({ data: JSON.parse(reference![operation.name]!) })]))));
    const bare: BenchProcessSpec = { label: LABELS.bare, entry: "bench/gatewayOverhead/bareServer.ts", env: () => ({ BENCH_ANSWERS_PATH: answersPath }), endpoint: (port) => `http://127.0.0.1:${port}/graphql` };
    const child = await startBenchProcess("bare", bare, {});
    started.push(child);
    await verifyMix(child.url, OVERHEAD_MIX, LABELS.bare, reference);
    targets.set("bare", { child, subgraphPids: [] });
  }

  const rows = new Map<OverheadTarget, OverheadRow>();
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const [name, { child, subgraphPids }] of targets) {
      await runLoad(child.url, OVERHEAD_MIX, { connections: options.connections, durationSeconds: options.warmupSeconds });
      const before = { gateway: cpuSeconds(child.pid), subgraphs: totalCpuSeconds(subgraphPids) ?? 0, self: process.cpuUsage() };
      const result = await runLoad(child.url, OVERHEAD_MIX, options);
      const after = { gateway: cpuSeconds(child.pid), subgraphs: totalCpuSeconds(subgraphPids) ?? 0, self: process.cpuUsage(before.self) };
      if (!child.running()) throw new Error(`${LABELS[name]} exited during the measurement`);
      const perRequest = (seconds: number | undefined) => (seconds === undefined ? undefined : (seconds * 1000) / Math.max(1, result.requests));
      const row = rows.get(name) ?? { target: name, label: LABELS[name], results: [], cpuMsPerRequest: [] };
      row.results.push(result);
      row.cpuMsPerRequest.push({
        gateway: perRequest(after.gateway === undefined || before.gateway === undefined ? undefined : after.gateway - before.gateway),
        subgraphs: perRequest(after.subgraphs - before.subgraphs),
        loadGenerator: perRequest((after.self.user + after.self.system) / 1e6),
      });
      rows.set(name, row);
      log(`round ${round}, ${LABELS[name]}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, ${failedRequests(result)} failed`);
    }
  }

  const measured = [...rows.values()];
  console.log(`\n${formatOverheadTable(measured)}\n`);
  console.log(formatOverheadTargets(measured));
  console.log(formatObservabilityOverhead(measured));
  if (sink) console.log(`(the OTLP sink received ${sink.requests.received} exports from the defaults and traced rows)`);
  const failed = measured.filter((row) => row.results.some((result: LoadResult) => failedRequests(result) > 0));
  for (const row of failed) console.error(`!!! ${row.label}: failed requests; its figures are not comparable`);
  return failed.length ? 1 : 0;
}

/** Only when `bare` runs without `vanilla`: the answers to replay still come from vanilla. */
async function startVanillaForAnswers(spec: BenchProcessSpec, urls: Record<string, string>): Promise<RunningBenchProcess> {
  const child = await startBenchProcess("vanilla", spec, urls);
  started.push(child);
  return child;
}

interface LightSubgraphSet {
  urls: Record<string, string>;
  pids: number[];
}

async function startLightSubgraphs(hinted: boolean): Promise<LightSubgraphSet> {
  const urls: Record<string, string> = {};
  const pids: number[] = [];
  for (const name of LIGHT_SUBGRAPHS) {
    const spec: BenchProcessSpec = {
      label: `light subgraph ${name}${hinted ? " (hinted)" : ""}`,
      entry: "bench/gatewayOverhead/lightSubgraphProcess.ts",
      env: () => ({ LIGHT_SUBGRAPH: name, LIGHT_HINTS: hinted ? "on" : "off" }),
      endpoint: (port) => `http://127.0.0.1:${port}/`,
    };
    const child = await startBenchProcess(`${name}${hinted ? "-hinted" : ""}`, spec, {});
    started.push(child);
    urls[name] = child.url;
    if (child.pid !== undefined) pids.push(child.pid);
  }
  return { urls, pids };
}

/** The supergraph of the light subgraphs at these URLs, and a registry naming them, as files. */
function writeSupergraph(set: string, urls: Record<string, string>): { supergraph: string; registry: string } {
  const hinted = set === "hinted";
  const result = composeServices(LIGHT_SUBGRAPHS.map((name) => ({ name, url: urls[name]!, typeDefs: parse(lightSubgraphSdl(name, hinted)) })));
  if (result.errors?.length || !result.supergraphSdl) throw new Error(`the light subgraphs do not compose: ${result.errors?.map((error) => error.message).join("; ")}`);
  const supergraph = path.join(dir, `${set}.supergraph.graphql`);
  const registry = path.join(dir, `${set}.subgraphs.json`);
  writeFileSync(supergraph, result.supergraphSdl);
  const sdlPath = (name: string) => path.join(dir, `${set}.${name}.graphql`);
  for (const name of LIGHT_SUBGRAPHS) writeFileSync(sdlPath(name), lightSubgraphSdl(name, hinted));
  writeFileSync(registry, JSON.stringify({ subgraphs: LIGHT_SUBGRAPHS.map((name) => ({ name, url: urls[name], sdl: sdlPath(name) })) }, null, 2));
  return { supergraph, registry };
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "2" },
      duration: { type: "string", default: process.env.BENCH_DURATION ?? "10" },
      warmup: { type: "string", default: process.env.BENCH_WARMUP ?? "3" },
      connections: { type: "string", default: process.env.BENCH_CONNECTIONS ?? "50" },
      only: { type: "string", default: process.env.BENCH_ONLY ?? OVERHEAD_TARGETS.join(",") },
    },
  });
  const only = values.only.split(",").map((name) => name.trim());
  const unknown = only.filter((name) => !(OVERHEAD_TARGETS as readonly string[]).includes(name));
  if (unknown.length || only.length === 0) throw new Error(`--only takes a comma-separated list of ${OVERHEAD_TARGETS.join(", ")}; got "${values.only}"`);
  const positive = (option: string, value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) throw new Error(`${option} must be a positive whole number; got "${value}"`);
    return number;
  };
  return {
    rounds: positive("--rounds", values.rounds),
    durationSeconds: positive("--duration", values.duration),
    warmupSeconds: positive("--warmup", values.warmup),
    connections: positive("--connections", values.connections),
    only: OVERHEAD_TARGETS.filter((name) => only.includes(name)),
  };
}

function log(message: string): void {
  console.log(`[bench:overhead] ${message}`);
}

killChildrenAndRemoveOnExit(dir);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

main()
  .catch((error: unknown) => {
    console.error(`\n!!! The benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await Promise.all(started.map((child) => child.stop(5_000).catch(() => undefined)));
    process.exit(code);
  });
