/**
 * What a run prints: one table row per gateway measured, and the two targets as text
 * ("met" / "not met"). Nothing here decides the exit code: a benchmark never fails on time.
 */
import { failedRequests, type LoadResult } from "./load";
import { TARGETS, type TargetName } from "./targets";

export interface Measurement {
  target: TargetName;
  result: LoadResult;
  /** CPU milliseconds per request during the measured run (undefined where /proc cannot be read). */
  cpuMsPerRequest: { gateway?: number; subgraphs?: number; loadGenerator?: number };
}

const CACHE_ON_TARGET = 10;
const CACHE_OFF_TARGET = 1.5;

export function formatTable(measurements: readonly Measurement[]): string {
  const vanilla = measurements.find((measurement) => measurement.target === "vanilla")?.result;
  const header = ["target", "req/s", "p50 ms", "p99 ms", "requests", "errors", "req/s vs vanilla", "p99 vs vanilla", "CPU ms/req: gateway", "subgraphs", "autocannon"];
  const rows = measurements.map(({ target, result, cpuMsPerRequest }) => [
    TARGETS[target].label,
    result.requestsPerSecond.toFixed(1),
    result.latencyP50Ms.toFixed(1),
    result.latencyP99Ms.toFixed(1),
    String(result.requests),
    String(failedRequests(result)),
    vanilla ? ratio(result.requestsPerSecond, vanilla.requestsPerSecond) : "-",
    vanilla ? ratio(result.latencyP99Ms, vanilla.latencyP99Ms) : "-",
    milliseconds(cpuMsPerRequest.gateway),
    milliseconds(cpuMsPerRequest.subgraphs),
    milliseconds(cpuMsPerRequest.loadGenerator),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** The targets, each as one line of text: measured figures, then "met" or "not met". */
export function formatTargets(measurements: readonly Measurement[]): string {
  const find = (target: TargetName) => measurements.find((measurement) => measurement.target === target)?.result;
  const vanilla = find("vanilla");
  const on = find("on");
  const off = find("off");
  const lines: string[] = [];

  const onLabel = `cache on >= ${CACHE_ON_TARGET}x vanilla req/s`;
  if (!vanilla || !on) lines.push(`${onLabel}: not measured (needs vanilla and on)`);
  else {
    const times = on.requestsPerSecond / vanilla.requestsPerSecond;
    lines.push(`${onLabel}: ${times.toFixed(2)}x: ${verdict(times >= CACHE_ON_TARGET)}${tainted(on, vanilla)}`);
  }

  const offLabel = `cache off >= ${CACHE_OFF_TARGET}x vanilla req/s, never slower (p50 and p99 <= vanilla's)`;
  if (!vanilla || !off) lines.push(`${offLabel}: not measured (needs vanilla and off)`);
  else {
    const times = off.requestsPerSecond / vanilla.requestsPerSecond;
    const neverSlower = off.latencyP50Ms <= vanilla.latencyP50Ms && off.latencyP99Ms <= vanilla.latencyP99Ms;
    const figures = `${times.toFixed(2)}x, p50 ${off.latencyP50Ms.toFixed(1)} vs ${vanilla.latencyP50Ms.toFixed(1)} ms, p99 ${off.latencyP99Ms.toFixed(1)} vs ${vanilla.latencyP99Ms.toFixed(1)} ms`;
    lines.push(`${offLabel}: ${figures}: ${verdict(times >= CACHE_OFF_TARGET && neverSlower)}${tainted(off, vanilla)}`);
  }
  return lines.join("\n");
}

/** Per operation, for a run that had failures: how many, and the first one seen. */
export function formatFailures(measurement: Measurement): string {
  const { result } = measurement;
  const lines = [
    `!!! ${TARGETS[measurement.target].label}: ${failedRequests(result)} of ${result.requests} requests failed ` +
      `(connection errors ${result.connectionErrors}, of which timeouts ${result.timeouts}; non-2xx ${result.non2xx}; GraphQL errors ${result.graphqlErrors}). Its figures are not comparable.`,
  ];
  for (const [name, counts] of Object.entries(result.byOperation)) {
    if (counts.non2xx + counts.graphqlErrors === 0) continue;
    lines.push(`    ${name}: ${counts.non2xx} non-2xx, ${counts.graphqlErrors} with GraphQL errors of ${counts.responses}; first: ${counts.sample}`);
  }
  return lines.join("\n");
}

export function ratio(value: number, base: number): string {
  return base > 0 ? `${(value / base).toFixed(2)}x` : "-";
}

export function milliseconds(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(2);
}

export function verdict(met: boolean): string {
  return met ? "met" : "not met";
}

function tainted(...results: LoadResult[]): string {
  return results.some((result) => failedRequests(result) > 0) ? " (a run had errors: not comparable)" : "";
}
