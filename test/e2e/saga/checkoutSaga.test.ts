import { describeOnPostgres } from "../../support/describeOnPostgres";
import { readStockSnapshot, stockViolations } from "../../support/stockInvariants";
import { runSagaScenario, SAGA_SCENARIOS, type SagaWorld, startSagaWorld, STORM } from "./sagaScenarios";

/**
 * The checkout saga under faults (README.md): each scenario a storm of concurrent checkouts on
 * fewer units than customers, one fault, every key retried, then the invariants. The four
 * subgraph processes are started once for the file; a scenario restarts the ones it faults.
 */
describeOnPostgres("the checkout saga under faults", () => {
  let world: SagaWorld;
  let index = 0;

  beforeAll(async () => {
    world = await startSagaWorld();
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  }, 60_000);

  it("starts consistent: the seeded orders hold exactly their reservations", async () => {
    expect(stockViolations(await readStockSnapshot(world.db))).toEqual([]);
  });

  describe.each(SAGA_SCENARIOS.map((scenario) => [scenario.name, scenario] as const))("%s", (_name, scenario) => {
    it("ends with one order or a clear refusal per key, and stock consistent with orders and attempts", async () => {
      const run = await runSagaScenario(world, scenario, index++, (message) => process.stdout.write(`${message}\n`));
      expect({ faultSeen: run.faultSeen, violations: run.violations }).toEqual({ faultSeen: true, violations: [] });
      expect(run.msToConsistent).not.toBeNull();
      // Never more orders than units, and every unit either sold or back on sale.
      expect(run.ordersPlaced).toBeLessThanOrEqual(STORM.units);
      expect(run.ordersPlaced + run.refused).toBe(run.keys);
    }, 120_000);
  });
});
