/**
 * How long the real gateway process takes from spawn to its first `GET /health` 200, on a free port, with the
 * committed supergraph and no subgraph up (the gateway needs none to start). Prints each run and,
 * per checkout, the median, the fastest and slowest, and the interquartile range of the wall
 * time, and the median CPU time the process had used by then (user + system, from
 * /proc/<pid>/stat on Linux): on a shared, loaded machine the wall time mostly measures the
 * others' load, the CPU time much less so.
 *
 * Two ways of running it, `--mode`:
 *   source  `node --import tsx gateway/src/index.ts`: TypeScript compiled by tsx while loading
 *           (what `npm start` ran before it built first);
 *   built   `node --enable-source-maps dist/gateway/src/index.js`: the bundle `npm run build`
 *           writes, what `npm start` runs (the bench builds it first).
 *
 *   npx tsx bench/gatewayStart.ts                      # 10 runs of each mode of this checkout
 *   npx tsx bench/gatewayStart.ts --runs 20 --mode built --root /tmp/before --root .
 *   npx tsx bench/gatewayStart.ts --runs 1 --cpu-prof  # writes a .cpuprofile of one start to bench/profiles/
 *
 * Each variant is started once first, not counted: tsx compiles the TypeScript on the first
 * start and keeps it in its cache, as it does for later starts.
 * The runs of every (checkout, mode) are interleaved (A, B, A, B, ...), so that the load of a
 * shared machine falls on every variant alike. Figures, not a test: nothing here fails on time.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    root: { type: "string", multiple: true },
    mode: { type: "string", default: "source,built" },
    "cpu-prof": { type: "boolean", default: false },
    "timeout-ms": { type: "string", default: "60000" },
  },
});

const RUNS = Number(values.runs);
const ROOTS = (values.root?.length ? values.root : ["."]).map((root) => path.resolve(root));
const MODES = values.mode.split(",").map((mode) => mode.trim());
for (const mode of MODES) if (mode !== "source" && mode !== "built") throw new Error(`--mode takes source, built or both (comma-separated); got "${mode}"`);

interface Variant {
  root: string;
  mode: "source" | "built";
  label: string;
}

const VARIANTS: Variant[] = ROOTS.flatMap((root) => MODES.map((mode) => ({ root, mode: mode as Variant["mode"], label: `${root} (${mode})` })));
const TIMEOUT_MS = Number(values["timeout-ms"]);
const POLL_MS = 5;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The process's environment, with the gateway's defaults: no Redis (an in-process cache), logging at info, as `npm start`. */
function gatewayEnv(port: number): NodeJS.ProcessEnv {
  const { REDIS_URL: _redis, LOG_LEVEL: _level, ...env } = process.env;
  return { ...env, PORT: String(port), HOST: "127.0.0.1" };
}

/** User + system CPU time a process has used, in ms (Linux: /proc/<pid>/stat, in clock ticks of 10 ms); NaN elsewhere. */
function cpuTimeMs(pid: number): number {
  try {
    // The fields after the command name (which may hold spaces), from field 3 on: utime and stime are fields 14 and 15.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").at(-1)!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

interface Start {
  wallMs: number;
  cpuMs: number;
}

/** One start: spawn, poll /health until 200, stop. The time from spawn to the first 200, and the CPU time used by then. */
async function measureStart({ root, mode }: Variant): Promise<Start> {
  const port = await freePort();
  const profileDir = path.join(root, "bench/profiles");
  if (values["cpu-prof"]) mkdirSync(profileDir, { recursive: true });
  const entry = mode === "built" ? ["--enable-source-maps", "dist/gateway/src/index.js"] : ["--import", "tsx", "gateway/src/index.ts"];
  const nodeArgs = [...(values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []), ...entry];
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: gatewayEnv(port),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  try {
    const attempts = Math.ceil(TIMEOUT_MS / POLL_MS);
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (exitCode !== undefined) throw new Error(`the gateway exited (${exitCode}) before it was ready:\n${stderr}`);
      const status = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return { wallMs: performance.now() - started, cpuMs: cpuTimeMs(child.pid!) };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`the gateway was not ready within ${TIMEOUT_MS} ms:\n${stderr}`);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** `npm run build` in a checkout, for its built mode. */
function build(root: string): void {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm run build failed in ${root}:\n${result.stderr}${result.stdout}`);
}

async function main(): Promise<void> {
  const times = new Map<Variant, Start[]>(VARIANTS.map((variant) => [variant, []]));
  for (const root of ROOTS) if (MODES.includes("built")) build(root);
  console.log(`gateway start, spawn to GET /health 200: ${RUNS} runs per variant, interleaved, after 1 warm-up start each; node ${process.version}`);
  for (const variant of VARIANTS) await measureStart(variant);
  for (let run = 1; run <= RUNS; run++) {
    for (const variant of VARIANTS) {
      const start = await measureStart(variant);
      times.get(variant)!.push(start);
      console.log(`  run ${String(run).padStart(2)}  ${variant.label}  ${start.wallMs.toFixed(0)} ms  (cpu ${start.cpuMs.toFixed(0)} ms)`);
    }
  }
  console.log("");
  const width = Math.max(40, ...VARIANTS.map((variant) => variant.label.length));
  console.log("variant".padEnd(width), " median", "    min", "    max", " IQR (p25-p75)  ", "cpu median", " cpu IQR");
  for (const [variant, samples] of times) {
    const sorted = samples.map((sample) => sample.wallMs).sort((a, b) => a - b);
    const cpu = samples.map((sample) => sample.cpuMs).sort((a, b) => a - b);
    const f = (ms: number) => `${ms.toFixed(0)} ms`.padStart(7);
    console.log(
      variant.label.padEnd(width),
      f(quantile(sorted, 0.5)),
      f(sorted[0]!),
      f(sorted.at(-1)!),
      ` ${quantile(sorted, 0.25).toFixed(0)}-${quantile(sorted, 0.75).toFixed(0)} ms`.padEnd(16),
      f(quantile(cpu, 0.5)).padStart(10),
      ` ${quantile(cpu, 0.25).toFixed(0)}-${quantile(cpu, 0.75).toFixed(0)} ms`,
    );
  }
  if (values["cpu-prof"]) console.log(`\nCPU profiles in ${ROOTS.map((root) => path.join(root, "bench/profiles")).join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
