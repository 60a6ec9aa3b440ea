import { writeSync } from "node:fs";
import type { Logger } from "@platform/logging";

/** What a failpoint does when it is hit: `crash` is a SIGKILL of the process itself (no shutdown hook runs, as in an OOM kill). */
export type FailpointAction = { kind: "crash"; onHit: number };

/** Failpoint names and their action, as FAILPOINTS gives them: `checkout.reserve.after=crash,reservation.reserve.committed=crash@3`. */
export type FailpointSpec = ReadonlyMap<string, FailpointAction>;

const ENTRY = /^([a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)*)=crash(?:@([1-9][0-9]*))?$/;

/** Parses FAILPOINTS; throws with the offending entry on anything else (a typo must not silently test nothing). */
export function parseFailpoints(text: string | undefined): FailpointSpec {
  const spec = new Map<string, FailpointAction>();
  for (const entry of (text ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    const match = ENTRY.exec(entry);
    if (!match) throw new Error(`FAILPOINTS: "${entry}" is not <name>=crash or <name>=crash@<n> (e.g. checkout.reserve.after=crash)`);
    spec.set(match[1]!, { kind: "crash", onHit: Number(match[2] ?? 1) });
  }
  return spec;
}

export interface FailpointOptions {
  logger: Logger;
  /** How a crash happens: the "failpoint hit" line written synchronously to stdout, then SIGKILL of this process, by default. */
  crash?: (name: string, hits: number) => void;
}

/**
 * Named crash points in code whose correctness depends on surviving a crash at any step (the
 * checkout saga). Off unless the FAILPOINTS setting names them, which only a test sets: in
 * production the setting is refused at start. A point costs one map lookup when hit.
 */
export class Failpoints {
  private readonly hits = new Map<string, number>();

  constructor(
    private readonly spec: FailpointSpec,
    private readonly options: FailpointOptions,
  ) {}

  get enabled(): boolean {
    return this.spec.size > 0;
  }

  hit(name: string): void {
    const action = this.spec.get(name);
    if (!action) return;
    const hits = (this.hits.get(name) ?? 0) + 1;
    this.hits.set(name, hits);
    if (hits !== action.onHit) return;
    if (this.options.crash) {
      this.options.logger.fatal({ failpoint: name, hits }, "failpoint hit");
      this.options.crash(name, hits);
    } else crashNow(name, hits);
  }
}

/**
 * The logger writes asynchronously: a line handed to it just before SIGKILL is usually lost, and
 * the tests read this one to know the crash happened where they asked. So it goes to stdout with
 * a blocking write, in the logger's JSON shape, before the kill.
 */
function crashNow(name: string, hits: number): void {
  writeSync(1, `${JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, failpoint: name, hits, msg: "failpoint hit" })}\n`);
  process.kill(process.pid, "SIGKILL");
}

let installed: Failpoints | undefined;

/**
 * Failpoints are process-wide, like the crash they stand for: the bootstrap installs the
 * process's set once, and domain code calls `failpoint(name)` where a crash must be survivable.
 */
export function installFailpoints(failpoints: Failpoints | undefined): void {
  installed = failpoints;
}

/** A named crash point: nothing unless FAILPOINTS names it. */
export function failpoint(name: string): void {
  installed?.hit(name);
}
