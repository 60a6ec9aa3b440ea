/**
 * The overhead bench's table (one row per target, means over the rounds, with each round's req/s)
 * and the issue's targets as text, "met" or "not met". Nothing here fails on time.
 */
import { failedRequests, type LoadResult } from "../gatewayComparison/load";
import { milliseconds, ratio, verdict } from "../gatewayComparison/report";

export interface OverheadRow {
  target: string;
  label: string;
  results: LoadResult[];
  cpuMsPerRequest: { gateway?: number; subgraphs?: number; loadGenerator?: number }[];
}

const UNCACHED_TARGET = 1.5;
const CACHE_HIT_SHARE_OF_CEILING = 0.5;

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const meanOf = (values: readonly (number | undefined)[]) => (values.some((value) => value === undefined) ? undefined : mean(values as number[]));

export interface OverheadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

export function figures(row: OverheadRow): OverheadFigures {
  return {
    requestsPerSecond: mean(row.results.map((result) => result.requestsPerSecond)),
    p50: mean(row.results.map((result) => result.latencyP50Ms)),
    p99: mean(row.results.map((result) => result.latencyP99Ms)),
  };
}

export function formatOverheadTable(rows: readonly OverheadRow[]): string {
  const vanilla = rows.find((row) => row.target === "vanilla");
  const bare = rows.find((row) => row.target === "bare");
  const header = ["target", "req/s", "rounds", "p50 ms", "p99 ms", "vs vanilla", "vs ceiling", "errors", "CPU ms/req: gateway", "subgraphs", "autocannon"];
  const cells = rows.map((row) => {
    const own = figures(row);
    return [
      row.label,
      own.requestsPerSecond.toFixed(0),
      row.results.map((result) => result.requestsPerSecond.toFixed(0)).join("/"),
      own.p50.toFixed(1),
      own.p99.toFixed(1),
      vanilla ? ratio(own.requestsPerSecond, figures(vanilla).requestsPerSecond) : "-",
      bare ? ratio(own.requestsPerSecond, figures(bare).requestsPerSecond) : "-",
      String(row.results.reduce((sum, result) => sum + failedRequests(result), 0)),
      milliseconds(meanOf(row.cpuMsPerRequest.map((cpu) => cpu.gateway))),
      milliseconds(meanOf(row.cpuMsPerRequest.map((cpu) => cpu.subgraphs))),
      milliseconds(meanOf(row.cpuMsPerRequest.map((cpu) => cpu.loadGenerator))),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...cells.map(line)].join("\n");
}

export function formatOverheadTargets(rows: readonly OverheadRow[]): string {
  const find = (target: string) => {
    const row = rows.find((candidate) => candidate.target === target);
    return row && figures(row);
  };
  const vanilla = find("vanilla");
  const hive = find("hive");
  const off = find("off");
  const cached = find("cached");
  const bare = find("bare");
  const lines: string[] = [];
  const uncached = `uncached (cache and coalescing off) >= ${UNCACHED_TARGET}x vanilla req/s, p99 <= vanilla's`;
  if (!vanilla || !off) lines.push(`${uncached}: not measured (needs vanilla and off)`);
  else {
    const times = off.requestsPerSecond / vanilla.requestsPerSecond;
    lines.push(`${uncached}: ${times.toFixed(2)}x, p99 ${off.p99.toFixed(1)} vs ${vanilla.p99.toFixed(1)} ms: ${verdict(times >= UNCACHED_TARGET && off.p99 <= vanilla.p99)}`);
  }
  const hits = `cache hits >= ${CACHE_HIT_SHARE_OF_CEILING * 100}% of the bare-server ceiling`;
  if (!cached || !bare) lines.push(`${hits}: not measured (needs cached and bare)`);
  else {
    const share = cached.requestsPerSecond / bare.requestsPerSecond;
    lines.push(`${hits}: ${(share * 100).toFixed(0)}%: ${verdict(share >= CACHE_HIT_SHARE_OF_CEILING)}`);
  }
  const ahead = "uncached (cache and coalescing off) req/s ahead of Hive Gateway's";
  if (!hive || !off) lines.push(`${ahead}: not measured (needs hive and off)`);
  else {
    const times = off.requestsPerSecond / hive.requestsPerSecond;
    lines.push(`${ahead}: ${off.requestsPerSecond.toFixed(0)} vs ${hive.requestsPerSecond.toFixed(0)} req/s, ${times.toFixed(2)}x: ${verdict(off.requestsPerSecond > hive.requestsPerSecond)}`);
  }
  return lines.join("\n");
}

/**
 * What metrics, request logs and tracing cost together: the `defaults` row (all three on) against
 * `unobserved` (all three off), same gateway, same run. The issue's aim: a few percent, not tens.
 */
export function formatObservabilityOverhead(rows: readonly OverheadRow[]): string {
  const on = rows.find((row) => row.target === "defaults");
  const off = rows.find((row) => row.target === "unobserved");
  const title = "observability overhead (metrics + request logs + tracing on vs off), a few percent at most";
  if (!on || !off) return `${title}: not measured (needs defaults and unobserved)`;
  const [withIt, without] = [figures(on), figures(off)];
  const share = withIt.requestsPerSecond / without.requestsPerSecond;
  const cpu = (row: OverheadRow) => meanOf(row.cpuMsPerRequest.map((entry) => entry.gateway));
  const [cpuOn, cpuOff] = [cpu(on), cpu(off)];
  const cpuText = cpuOn !== undefined && cpuOff !== undefined ? `, gateway CPU ${milliseconds(cpuOn)} vs ${milliseconds(cpuOff)} ms/req` : "";
  const lines = [`${title}: ${withIt.requestsPerSecond.toFixed(0)} vs ${without.requestsPerSecond.toFixed(0)} req/s, ${((1 - share) * 100).toFixed(1)}% fewer (ratio ${share.toFixed(3)}); p99 ${withIt.p99.toFixed(1)} vs ${without.p99.toFixed(1)} ms${cpuText}: ${verdict(share >= 0.95)}`];
  const traced = rows.find((row) => row.target === "traced");
  if (traced) {
    const tracedShare = figures(traced).requestsPerSecond / without.requestsPerSecond;
    const cpuTraced = cpu(traced);
    lines.push(`  of which tracing alone: ${figures(traced).requestsPerSecond.toFixed(0)} req/s, ${((1 - tracedShare) * 100).toFixed(1)}% fewer${cpuTraced !== undefined && cpuOff !== undefined ? `, gateway CPU ${milliseconds(cpuTraced)} ms/req` : ""}`);
  }
  return lines.join("\n");
}
