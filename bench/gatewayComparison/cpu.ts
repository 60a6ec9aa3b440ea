/**
 * CPU time spent by processes, read from Linux's /proc: with figures per request it shows where
 * the time of a run went (the gateway, or the subgraphs behind it). Elsewhere every figure is
 * undefined and the report prints "-".
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg } from "node:os";

let ticksPerSecond: number | undefined;

/** User plus system CPU seconds the process has used so far; undefined when it cannot be read. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command (which may hold spaces, so split after its closing parenthesis).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** The processes this process started (Linux: /proc/self/task/<tid>/children). */
export function childPids(): number[] {
  try {
    return readdirSync("/proc/self/task").flatMap((tid) =>
      readFileSync(`/proc/self/task/${tid}/children`, "utf8")
        .split(" ")
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** Total CPU seconds of several processes; undefined if any cannot be read. */
export function totalCpuSeconds(pids: readonly number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const seconds = cpuSeconds(pid);
    if (seconds === undefined) return undefined;
    total += seconds;
  }
  return pids.length ? total : undefined;
}

/** The 1-minute load average, and whether it says other work competes for the cores. */
export function machineLoad(cores: number): { load: number; busy: boolean } {
  const load = loadavg()[0]!;
  return { load, busy: load > cores * 0.5 };
}

/**
 * Whatever way this process ends (even during a start, before anything is tracked), no child
 * outlives it (SIGKILL) and `directory` is removed (or `cleanup` runs: synchronous work only).
 */
export function killChildrenAndRemoveOnExit(directory: string | (() => void)): void {
  process.on("exit", () => {
    for (const pid of childPids()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    if (typeof directory === "string") rmSync(directory, { recursive: true, force: true });
    else directory();
  });
}

/** Ctrl-C or SIGTERM runs `stop` once (a second signal does nothing more), then exits 130. */
export function stopOnSignals(stop: () => Promise<void>, log?: (message: string) => void): void {
  let exiting = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (exiting) return;
      exiting = true;
      log?.(`${signal}: stopping everything…`);
      void stop().finally(() => process.exit(130));
    });
  }
}
