/**
 * `npm run bench`: the benchmarks, one command. `--mode` chooses which; every other argument
 * goes to the chosen one(s) unchanged.
 *
 *   stack     the full stack: the demo subgraphs, and each gateway in front of them (bench/gatewayComparison)
 *   overhead  each gateway's own cost over two light in-memory subgraphs (bench/gatewayOverhead)
 *   both      stack, then overhead (the default)
 *
 *   npm run bench                                   # both, each with its defaults
 *   npm run bench -- --mode overhead --rounds 3
 *   npm run bench -- --mode stack --only vanilla,off
 *
 * With `both`, options are given by environment (BENCH_DURATION, BENCH_ONLY...), since the two
 * take different flags. Each runs as its own process, one after the other; the exit code is the
 * first non-zero one (a run that could not measure), else 0. Never fails on time.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const RUNNERS = { stack: "bench/gatewayComparison/run.ts", overhead: "bench/gatewayOverhead/run.ts" } as const;
type Mode = keyof typeof RUNNERS;

function readMode(argv: string[]): { modes: Mode[]; rest: string[] } {
  const rest = [...argv];
  let mode = process.env.BENCH_MODE ?? "both";
  const at = rest.findIndex((argument) => argument === "--mode" || argument.startsWith("--mode="));
  if (at !== -1) {
    const [flag] = rest.splice(at, 1);
    mode = flag!.includes("=") ? flag!.slice("--mode=".length) : (rest.splice(at, 1)[0] ?? "");
  }
  if (mode === "both") {
    if (rest.length) throw new Error(`--mode both takes its options from the environment (BENCH_DURATION, ...), as the two benches take different flags; got ${rest.join(" ")}`);
    return { modes: ["stack", "overhead"], rest };
  }
  if (mode !== "stack" && mode !== "overhead") throw new Error(`--mode takes stack, overhead or both; got "${mode}"`);
  return { modes: [mode], rest };
}

function main(): number {
  const { modes, rest } = readMode(process.argv.slice(2));
  let exitCode = 0;
  for (const mode of modes) {
    console.log(`\n=== npm run bench: ${mode} (${RUNNERS[mode]}) ===\n`);
    const result = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, "..", RUNNERS[mode]), ...rest], { stdio: "inherit" });
    const code = result.status ?? 1;
    if (code !== 0 && exitCode === 0) exitCode = code;
  }
  return exitCode;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
