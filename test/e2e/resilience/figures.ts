/**
 * Runs the three fault scenarios one after another (real processes, as the tests do) and
 * prints what they saw: `npx tsx test/e2e/resilience/figures.ts`. Figures, not a test: it
 * never fails on them. About a minute and a half on 2 cores, most of it starting processes.
 */
import { rmSync } from "node:fs";
import { seededTemplate } from "../../support/seededDataDir";
import { type Percentiles, type ScenarioSummary, summarize } from "./analysis";
import { RUN, runFaultScenario, TEST_RESILIENCE } from "./runFaultScenario";
import { SCENARIOS } from "./scenarios";

async function main(): Promise<void> {
  const started = Date.now();
  const summaries: ScenarioSummary[] = [];
  // One seeded template for the three runs (SEEDED_DATA_TEMPLATE's if set, else a new one, removed at the end).
  const template = await seededTemplate();
  process.env.SEEDED_DATA_TEMPLATE = template.dir;
  try {
    for (const scenario of Object.values(SCENARIOS)) {
      process.stderr.write(`running: ${scenario.name}\n`);
      summaries.push(summarize(await runFaultScenario(scenario, (message) => process.stderr.write(`  ${message}\n`))));
    }
  } finally {
    if (template.owned) rmSync(template.dir, { recursive: true, force: true });
  }

  const ms = (value: number | null | undefined) => (value === undefined || value === null ? "-" : `${Math.round(value)}`);
  const lat = (p: Percentiles) => (p.n ? `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.max)} (n=${p.n})` : "-");
  const counts = (record: Record<string, number>) =>
    Object.entries(record)
      .map(([key, value]) => `${key.replace("SUBGRAPH_UNAVAILABLE/", "")} ${value}`)
      .join(", ");
  const rows: [string, (summary: ScenarioSummary) => string][] = [
    ["requests (scenario + control)", (s) => String(s.requests)],
    ["HTTP status", (s) => counts(s.statuses)],
    ["scenario responses by SUBGRAPH_UNAVAILABLE reason", (s) => counts(s.errors) || "-"],
    ["scenario complete / partial / broken", (s) => `${s.scenarioOutcomes.complete} / ${s.scenarioOutcomes.partial} / ${s.scenarioOutcomes.broken}`],
    ["control complete / partial / broken", (s) => `${s.controlOutcomes.complete} / ${s.controlOutcomes.partial} / ${s.controlOutcomes.broken}`],
    ["time to open (ms after the fault)", (s) => ms(s.timeToOpenMs)],
    ["breaker window just before the fault (calls)", (s) => ms(s.windowCallsAtFault)],
    ["breaker window at open (calls / failures)", (s) => (s.windowAtOpen ? `${s.windowAtOpen.total} / ${s.windowAtOpen.failures}` : "-")],
    ["requests reaching the proxy's fault before open", (s) => ms(s.proxyRequestsBeforeOpen)],
    ["restart of the killed process (ms)", (s) => ms(s.restartMs)],
    ["first complete response (ms after cleared)", (s) => ms(s.timeToRecoverMs)],
    ["breaker closed (ms after cleared)", (s) => ms(s.timeToCloseMs)],
    ["latency healthy p50 / p95 / max", (s) => lat(s.latency.healthy)],
    ["latency dead, breaker closed", (s) => lat(s.latency.deadClosed)],
    ["latency dead, breaker open", (s) => lat(s.latency.deadOpen)],
    ["latency after close", (s) => lat(s.latency.recovered)],
  ];
  const header = ["", ...summaries.map((summary) => summary.name)];
  const table = [header, header.map(() => "---"), ...rows.map(([label, cell]) => [label, ...summaries.map(cell)])];
  console.log(
    `Fault figures: ${RUN.slotsPerSecond} slots/s (scenario + control query each), timeoutMs ${TEST_RESILIENCE.timeoutMs}, ` +
      `breaker ${JSON.stringify(TEST_RESILIENCE.breaker)}; latencies in ms\n`,
  );
  console.log(table.map((row) => `| ${row.join(" | ")} |`).join("\n"));
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
