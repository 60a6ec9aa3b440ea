/**
 * Runs every saga fault scenario one after another, on the same runner and processes as the
 * test, and prints what each saw as a table:
 * `TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx test/e2e/saga/figures.ts`.
 * Figures, not a test: it exits 1 only when a scenario's invariants did not hold (listed below
 * the table). About four minutes on 2 cores.
 */
import "reflect-metadata";
import { readStockSnapshot, stockViolations } from "../../support/stockInvariants";
import { runSagaScenario, SAGA_SCENARIOS, SAGA_SETTINGS, type SagaRun, startSagaWorld, STORM } from "./sagaScenarios";

async function main(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) throw new Error("set TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test: the saga scenarios run on PostgreSQL");
  const started = Date.now();
  const runs: SagaRun[] = [];
  process.stderr.write("starting the four subgraph processes on a fresh database\n");
  const world = await startSagaWorld();
  let seededViolations: string[];
  try {
    seededViolations = stockViolations(await readStockSnapshot(world.db));
    for (const [index, scenario] of SAGA_SCENARIOS.entries()) {
      process.stderr.write(`running: ${scenario.name}\n`);
      runs.push(await runSagaScenario(world, scenario, index, (message) => process.stderr.write(`  ${message}\n`)));
    }
  } finally {
    await world.stop();
  }

  const ms = (value: number | null) => (value === null ? "never" : String(value));
  const header = [
    "scenario",
    "checkouts attempted (keys / requests)",
    "orders placed",
    "refused (INSUFFICIENT_STOCK)",
    "units reserved / released",
    "attempts recovered",
    "orphans released by the reconciler",
    "tombstones (references released before or without a reserve)",
    "time to consistent (ms after the fault)",
    "longest CONFLICT (ms)",
    "invariants",
  ];
  const rows = runs.map((run) => [
    run.scenario.name,
    `${run.keys} / ${run.requests}`,
    String(run.ordersPlaced),
    String(run.refused),
    `${run.unitsReserved} / ${run.unitsReleased}`,
    String(run.attemptsRecovered),
    String(run.reconcilerReleases),
    String(run.tombstones),
    ms(run.msToConsistent),
    String(run.longestConflictMs),
    run.violations.length === 0 && run.faultSeen ? "hold" : run.faultSeen ? `${run.violations.length} violated` : "fault not seen",
  ]);
  console.log(
    `Saga fault figures: ${STORM.keys} signed-in customers, one unit each, on ${STORM.units} units of one variant at one store, per scenario; ` +
      `orders settings ${Object.entries(SAGA_SETTINGS)
        .map(([name, value]) => `${name}=${value}`)
        .join(" ")}\n` +
      `Seeded orders consistent with their reservations: ${seededViolations.length === 0 ? "yes" : `no (${seededViolations.length} violations)`}\n`,
  );
  console.log([header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n"));
  const failed = runs.filter((run) => run.violations.length > 0 || !run.faultSeen);
  for (const run of failed) console.log(`\n${run.scenario.name}:\n  ${run.faultSeen ? "" : "the fault did not happen where asked\n  "}${run.violations.join("\n  ")}`);
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (failed.length > 0 || seededViolations.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
