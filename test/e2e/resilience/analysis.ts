import { isDeepStrictEqual } from "node:util";
import type { Sample } from "./openLoad";

/** Pure functions over what a fault run recorded: no I/O, no clocks. */

export type Outcome = "complete" | "partial" | "broken";

export interface Expectation {
  faulty: string;
  /** The query's complete data, from before the fault. */
  full: unknown;
  /** The healthy subgraphs' part of a response's data. */
  healthy(data: Record<string, any> | null | undefined): unknown;
}

/**
 * complete: HTTP 200, no errors, the full data. partial: HTTP 200, the healthy part intact, and
 * only SUBGRAPH_UNAVAILABLE errors naming the faulty subgraph. broken: anything else.
 */
export function classify(sample: Sample, expected: Expectation): Outcome {
  if (sample.status !== 200 || !sample.body) return "broken";
  const { data, errors } = sample.body;
  if (!errors?.length) return sameJson(data, expected.full) ? "complete" : "broken";
  const onlyFaulty = errors.every((error) => error.extensions?.code === "SUBGRAPH_UNAVAILABLE" && error.extensions?.subgraph === expected.faulty);
  return onlyFaulty && sameJson(expected.healthy(data), expected.healthy(expected.full as Record<string, any>)) ? "partial" : "broken";
}

/**
 * Deep equality of JSON values. Both sides go through JSON first: objects parsed in another
 * realm (node's fetch outside jest's sandbox) have another Object.prototype, which
 * isDeepStrictEqual would count as a difference.
 */
function sameJson(a: unknown, b: unknown): boolean {
  const plain = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  return isDeepStrictEqual(plain(a), plain(b));
}

export function countBy<T>(items: readonly T[], key: (item: T) => string | string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const keys = key(item);
    for (const k of Array.isArray(keys) ? keys : [keys]) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** Responses by HTTP status ("0" when none came). */
export function statusCounts(samples: readonly Sample[]): Record<string, number> {
  return countBy(samples, (sample) => String(sample.status));
}

/** Responses carrying each `code/reason` (a response with several errors of one kind counts once). */
export function errorCounts(samples: readonly Sample[]): Record<string, number> {
  return countBy(samples, (sample) => [
    ...new Set((sample.body?.errors ?? []).map((error) => [error.extensions?.code ?? "NO_CODE", error.extensions?.reason].filter(Boolean).join("/"))),
  ]);
}

export interface StateChange {
  at: number;
  from: string;
  to: string;
}

/** What is wrong with a breaker's sequence of state-change lines: empty when each change is logged once. */
export function stateChangeProblems(changes: readonly StateChange[]): string[] {
  const problems: string[] = [];
  let state = "closed";
  changes.forEach((change, index) => {
    if (change.from !== state) problems.push(`change ${index} is from ${change.from}, but the breaker was ${state}`);
    if (change.from === change.to) problems.push(`change ${index} is no change (${change.from} -> ${change.to})`);
    if (index > 0 && change.at < changes[index - 1]!.at) problems.push(`change ${index} is logged before the previous one`);
    state = change.to;
  });
  return problems;
}

export interface Timeline {
  faultAt: number;
  clearedAt: number;
  /** The first change to open at or after the fault. */
  openedAt?: number;
  /** The first change to closed at or after the fault was cleared. */
  closedAt?: number;
  /** [from, to) of every period the breaker was open; the last one ends at `endAt` if it never ended. */
  openIntervals: [number, number][];
}

export function timeline(changes: readonly StateChange[], faultAt: number, clearedAt: number, endAt: number): Timeline {
  const openIntervals: [number, number][] = [];
  let openSince: number | undefined;
  for (const change of changes) {
    if (change.to === "open") openSince = change.at;
    else if (openSince !== undefined) {
      openIntervals.push([openSince, change.at]);
      openSince = undefined;
    }
  }
  if (openSince !== undefined) openIntervals.push([openSince, endAt]);
  return {
    faultAt,
    clearedAt,
    openedAt: changes.find((change) => change.to === "open" && change.at >= faultAt)?.at,
    closedAt: changes.find((change) => change.to === "closed" && change.at >= clearedAt)?.at,
    openIntervals,
  };
}

export type Phase = "healthy" | "deadClosed" | "deadOpen" | "open" | "recovered" | "other";

/**
 * healthy: sent and answered before the fault. deadClosed: sent during the fault before the breaker first
 * opened. deadOpen / open: sent and answered inside one open period, during the fault / after it
 * was cleared. recovered: sent after the breaker closed again. other: the rest (half-open probes,
 * requests that straddle a change).
 */
export function phaseOf(sample: Pick<Sample, "startedAt" | "latencyMs">, line: Timeline): Phase {
  const start = sample.startedAt;
  const end = start + sample.latencyMs;
  if (start < line.faultAt) return end <= line.faultAt ? "healthy" : "other";
  if (line.closedAt !== undefined && start >= line.closedAt) return "recovered";
  if (line.openedAt === undefined || start < line.openedAt) return start < line.clearedAt ? "deadClosed" : "other";
  const inOpen = line.openIntervals.some(([from, to]) => start >= from && end <= to);
  if (inOpen) return end <= line.clearedAt ? "deadOpen" : "open";
  return "other";
}

export interface Percentiles {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** Nearest-rank percentiles. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : null);
  return { n: sorted.length, p50: rank(50), p95: rank(95), max: sorted.length ? sorted[sorted.length - 1]! : null };
}

/** Time from `after` to the answer of the first complete response sent at or after it. */
export function timeToFirstComplete(samples: readonly Sample[], after: number, isComplete: (sample: Sample) => boolean): number | undefined {
  const answers = samples
    .filter((sample) => sample.startedAt >= after && isComplete(sample))
    .map((sample) => sample.startedAt + sample.latencyMs - after);
  return answers.length ? Math.min(...answers) : undefined;
}

/** The figures of one run (what figures.ts prints and the tests assert on). */
export interface ScenarioSummary {
  name: string;
  requests: number;
  statuses: Record<string, number>;
  /** Client-side failures (no response, unreadable body). */
  clientErrors: number;
  /** Scenario-query responses by error code/reason. */
  errors: Record<string, number>;
  scenarioOutcomes: Record<Outcome, number>;
  controlOutcomes: Record<Outcome, number>;
  timeline: Timeline;
  timeToOpenMs?: number;
  /** From the fault being cleared to the first complete response. */
  timeToRecoverMs?: number;
  /** From the fault being cleared to the breaker closing. */
  timeToCloseMs?: number;
  /** Calls in the breaker's window (all successes) just before the fault. */
  windowCallsAtFault?: number;
  /** The breaker's window at the first /health poll that saw it open. */
  windowAtOpen?: { total: number; failures: number };
  /** Requests the fault proxy held or answered 503 before the breaker opened (hang, 503). */
  proxyRequestsBeforeOpen?: number;
  latency: Record<"healthy" | "deadClosed" | "deadOpen" | "recovered", Percentiles>;
  restartMs?: number;
}

/** Only the fields summarize() reads, so tests can build runs by hand. */
export interface RunRecord {
  scenario: { name: string; faulty: string; healthy: Expectation["healthy"] };
  baseline: { scenario: unknown; control: unknown };
  samples: Sample[];
  faultAt: number;
  clearedAt: number;
  endedAt: number;
  changes: (StateChange & { subgraph: string })[];
  health: { at: number; report: { breaker: { state: string }; calls: { total: number; failures: number } } }[];
  proxyEvents: { at: number; mode: string }[];
  restartMs?: number;
}

export function summarize(run: RunRecord): ScenarioSummary {
  const faulty = run.scenario.faulty;
  const line = timeline(
    run.changes.filter((change) => change.subgraph === faulty),
    run.faultAt,
    run.clearedAt,
    run.endedAt,
  );
  const scenarioSamples = run.samples.filter((sample) => sample.kind === "scenario");
  const controlSamples = run.samples.filter((sample) => sample.kind === "control");
  const scenarioExpectation: Expectation = { faulty, full: run.baseline.scenario, healthy: run.scenario.healthy };
  const controlExpectation: Expectation = { faulty, full: run.baseline.control, healthy: (data) => data };
  const outcomes = (samples: Sample[], expected: Expectation) => ({
    complete: 0,
    partial: 0,
    broken: 0,
    ...countBy(samples, (sample) => classify(sample, expected)),
  });
  const byPhase = (phase: Phase) =>
    percentiles(scenarioSamples.filter((sample) => phaseOf(sample, line) === phase).map((sample) => Math.round(sample.latencyMs)));
  const atFault = [...run.health].reverse().find((entry) => entry.at <= run.faultAt);
  const atOpen = line.openedAt === undefined ? undefined : run.health.find((entry) => entry.at >= line.openedAt! && entry.report.breaker.state === "open");

  return {
    name: run.scenario.name,
    requests: run.samples.length,
    statuses: statusCounts(run.samples),
    clientErrors: run.samples.filter((sample) => sample.clientError).length,
    errors: errorCounts(scenarioSamples),
    scenarioOutcomes: outcomes(scenarioSamples, scenarioExpectation) as Record<Outcome, number>,
    controlOutcomes: outcomes(controlSamples, controlExpectation) as Record<Outcome, number>,
    timeline: line,
    timeToOpenMs: line.openedAt === undefined ? undefined : line.openedAt - run.faultAt,
    timeToRecoverMs: timeToFirstComplete(scenarioSamples, run.clearedAt, (sample) => classify(sample, scenarioExpectation) === "complete"),
    timeToCloseMs: line.closedAt === undefined ? undefined : line.closedAt - run.clearedAt,
    windowCallsAtFault: atFault?.report.calls.total,
    windowAtOpen: atOpen && { total: atOpen.report.calls.total, failures: atOpen.report.calls.failures },
    proxyRequestsBeforeOpen:
      run.proxyEvents.length && line.openedAt !== undefined
        ? run.proxyEvents.filter((event) => event.mode !== "pass" && event.at >= run.faultAt && event.at < line.openedAt!).length
        : undefined,
    latency: { healthy: byPhase("healthy"), deadClosed: byPhase("deadClosed"), deadOpen: byPhase("deadOpen"), recovered: byPhase("recovered") },
    restartMs: run.restartMs,
  };
}
