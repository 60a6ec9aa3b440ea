import { randomUUID } from "node:crypto";
import pg from "pg";
import { demoDataset } from "../../../prisma/seed";
import { as, signedForSubgraph } from "../../support/callers";
import { type CommerceProcesses, startCommerceProcesses } from "../../support/commerceProcesses";
import type { SubgraphProcess } from "../../support/subgraphProcess";
import { type GraphQLResponse, postGraphQL } from "../../support/graphqlClient";
import { type KeyOutcome, keyViolations, readStockSnapshot, type StockSnapshot, stockViolations } from "../../support/stockInvariants";

/**
 * The checkout saga's fault scenarios (README.md): each subgraph its own process on one
 * PostgreSQL database; a storm of concurrent checkouts of one variant at one store, more
 * customers than units; one fault; every key retried until it has an order or a clear refusal;
 * then the invariants, polled until they hold (or the bound passes). The test and figures.ts
 * both run these.
 */

/**
 * Orders' settings in every scenario: short, so the recovery paths run within seconds. The lease
 * is longer than its minimum (2 x 2000 + 1000): a restart of orders takes 3 to 6 s here, and a
 * retry waits 3 s for the attempt under way before it answers CONFLICT, so with a 5 s lease the
 * retries after a crash would never meet an attempt still within its lease, and the bound on
 * CONFLICT would go untested.
 */
export const SAGA_SETTINGS = {
  SERVICE_CALL_TIMEOUT_MS: 2000,
  CHECKOUT_LEASE_MS: 10_000,
  CHECKOUT_RECOVERY_INTERVAL_MS: 500,
  RESERVATION_RECONCILE_INTERVAL_MS: 1000,
  RELEASE_SWEEP_INTERVAL_MS: 500,
} as const;

const TIMEOUT_MS = SAGA_SETTINGS.SERVICE_CALL_TIMEOUT_MS;
const LEASE_MS = SAGA_SETTINGS.CHECKOUT_LEASE_MS;

export const STORM = {
  /** Signed-in customers, one idempotency key each, one unit each. */
  keys: 16,
  /** Units on hand of the scenario's variant at the store. */
  units: 12,
  /** Client-side limit of one checkout request (a hung one is given up and retried). */
  requestTimeoutMs: 15_000,
  /** Pause between two tries of a key. */
  retryPauseMs: 250,
  /** Every key must have its order or a clear refusal within this, after the fault is cleared. */
  settleWithinMs: 45_000,
  /**
   * The invariants must hold within this, once every key is settled: an orphan is released within
   * its hold (the lease) plus a reconcile interval plus the run; the rest is margin for a loaded machine.
   */
  consistentWithinMs: LEASE_MS + SAGA_SETTINGS.RESERVATION_RECONCILE_INTERVAL_MS + 20_000,
  /**
   * The longest a key may answer CONFLICT, from sending the first request answered so to receiving
   * the last: the lease, plus a margin for a loaded machine (a request waits up to 3 s before it answers CONFLICT).
   */
  maxConflictMs: LEASE_MS + 1500,
  pollMs: 200,
} as const;

export type SagaFault =
  /** Orders restarted with FAILPOINTS=<name>=crash before the storm: it kills itself there; restarted without. */
  | { kind: "orders-crash"; failpoint: string }
  /** Inventory restarted with FAILPOINTS=<name>=crash@<hit>; `cancels` orders are cancelled after the storm (releases). */
  | { kind: "inventory-crash"; failpoint: string; hit: number; cancels?: number }
  /** Inventory SIGSTOPped as the storm starts, SIGCONTed `hangMs` later. */
  | { kind: "inventory-hang"; hangMs: number }
  /** Inventory SIGKILLed `afterMs` into the storm and restarted at once (down while it starts). */
  | { kind: "inventory-kill"; afterMs: number };

export interface SagaScenario {
  name: string;
  fault: SagaFault;
}

const ORDERS_FAILPOINTS = [
  "checkout.claim.before",
  "checkout.claim.after",
  "checkout.price.before",
  "checkout.price.after",
  "checkout.reserve.before",
  "checkout.reserve.after",
  "checkout.order.before",
  "checkout.order.after",
  "checkout.response.before",
];

export const SAGA_SCENARIOS: readonly SagaScenario[] = [
  ...ORDERS_FAILPOINTS.map((failpoint): SagaScenario => ({ name: `orders crash at ${failpoint}`, fault: { kind: "orders-crash", failpoint } })),
  { name: "inventory crash at reservation.reserve.committed@4", fault: { kind: "inventory-crash", failpoint: "reservation.reserve.committed", hit: 4 } },
  { name: "inventory crash at reservation.release.committed@2, 4 cancels", fault: { kind: "inventory-crash", failpoint: "reservation.release.committed", hit: 2, cancels: 4 } },
  { name: `inventory hung ${TIMEOUT_MS - 500} ms (below the ${TIMEOUT_MS} ms timeout)`, fault: { kind: "inventory-hang", hangMs: TIMEOUT_MS - 500 } },
  { name: `inventory hung ${TIMEOUT_MS} ms (at the timeout)`, fault: { kind: "inventory-hang", hangMs: TIMEOUT_MS } },
  { name: `inventory hung ${TIMEOUT_MS + 500} ms (above the timeout)`, fault: { kind: "inventory-hang", hangMs: TIMEOUT_MS + 500 } },
  { name: "inventory killed 150 ms into the storm, restarted", fault: { kind: "inventory-kill", afterMs: 150 } },
];

/** The processes and a connection to their database, shared by the scenarios of one file. */
export interface SagaWorld {
  processes: CommerceProcesses;
  db: pg.Client;
  stop(): Promise<void>;
}

export async function startSagaWorld(): Promise<SagaWorld> {
  const processes = await startCommerceProcesses({ env: { orders: { ...stringValues(SAGA_SETTINGS) } } });
  const db = new pg.Client({ connectionString: processes.databaseUrl });
  try {
    await db.connect();
  } catch (error) {
    await processes.stop();
    throw error;
  }
  return {
    processes,
    db,
    async stop() {
      await db.end().catch(() => undefined);
      await processes.stop();
    },
  };
}

export interface SagaRun {
  scenario: SagaScenario;
  sku: string;
  storeId: string;
  /** Idempotency keys, and checkout requests sent for them in all. */
  keys: number;
  requests: number;
  ordersPlaced: number;
  refused: number;
  /** Units of the scenario's variant held by ACTIVE reservations at the end, and given back by RELEASED ones. */
  unitsReserved: number;
  unitsReleased: number;
  /** Attempts the orders service recovered past their lease (log "recovered an abandoned checkout attempt"), and orphans its reconciler released. */
  attemptsRecovered: number;
  reconcilerReleases: number;
  /**
   * Tombstones written during the scenario: releases of a reference inventory held nothing under,
   * either never reserved (an attempt recovered before it reserved) or reserved later (a late
   * reserve, which the tombstone refuses).
   */
  tombstones: number;
  /** From the fault (the crash, the hang, the kill) to the first snapshot in which every invariant held; null if none did. */
  msToConsistent: number | null;
  longestConflictMs: number;
  /** The fault happened where asked (the "failpoint hit" line, the process gone). */
  faultSeen: boolean;
  /** What failed in the last snapshot (empty when the invariants held). */
  violations: string[];
  outcomes: KeyOutcome[];
}

const dataset = demoDataset();
const STORE = dataset.stores.find((store) => store.kind === "STORE")!;
/** Variants of the store that no seeded order holds: one per scenario, so that each scenario's counts are its own. */
const FREE_SKUS = (() => {
  const ordered = new Set(dataset.orders.flatMap((order) => order.lines.map((line) => line.sku)));
  return dataset.stock.filter((row) => row.storeId === STORE.id && row.reserved === 0 && row.onHand >= 1 && !ordered.has(row.sku)).map((row) => row.sku);
})();

const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { id status } }`;

/**
 * One scenario on a running world; `index` picks its variant (each scenario its own). Leaves
 * the world running, with every subgraph up and without failpoints, whatever happens.
 */
export async function runSagaScenario(world: SagaWorld, scenario: SagaScenario, index: number, log: (message: string) => void = () => {}): Promise<SagaRun> {
  const { processes } = world;
  const sku = FREE_SKUS[index];
  if (!sku) throw new Error(`no free variant left for scenario ${index}`);
  const storeId = STORE.id;
  const fault = scenario.fault;
  /** Processes started with FAILPOINTS: never left running. */
  const armed = new Set<SubgraphProcess>();
  let sampler: { stop(): Promise<string[]> } | undefined;
  try {
    await setOnHand(world, sku, storeId, STORM.units);
    const shoppers = await Promise.all(Array.from({ length: STORM.keys }, (_, i) => cartOf(world, dataset.customers[i % dataset.customers.length]!.id, sku)));
    if (fault.kind === "orders-crash") armed.add(await processes.restart("orders", { FAILPOINTS: `${fault.failpoint}=crash` }));
    if (fault.kind === "inventory-crash") armed.add(await processes.restart("inventory", { FAILPOINTS: `${fault.failpoint}=crash@${fault.hit}` }));
    const startedAt = new Date();
    sampler = sampleNegativeStock(world.processes.databaseUrl);
    const tracker = new KeyTracker(world, shoppers, storeId);
    log(`${scenario.name}: storm of ${STORM.keys} checkouts on ${STORM.units} units of ${sku}`);

    let faultAt: number;
    let faultSeen: boolean;
    if (fault.kind === "orders-crash") {
      const orders = processes.process("orders");
      await tracker.storm();
      faultSeen = await exitsWithin(orders, 20_000);
      faultAt = Date.now();
      faultSeen &&= crashedAt(orders.logs, fault.failpoint);
      await processes.restart("orders");
    } else if (fault.kind === "inventory-crash") {
      const inventory = processes.process("inventory");
      await tracker.storm();
      if (fault.cancels) await tracker.cancel(fault.cancels);
      faultSeen = await exitsWithin(inventory, 20_000);
      faultAt = Date.now();
      faultSeen &&= crashedAt(inventory.logs, fault.failpoint);
      await processes.restart("inventory");
    } else if (fault.kind === "inventory-hang") {
      const inventory = processes.process("inventory");
      inventory.pause();
      faultAt = Date.now();
      const storm = tracker.storm();
      await sleep(fault.hangMs);
      inventory.resume();
      await storm;
      faultSeen = true;
    } else {
      const inventory = processes.process("inventory");
      const storm = tracker.storm();
      await sleep(fault.afterMs);
      faultAt = Date.now();
      await inventory.kill();
      faultSeen = true;
      await storm;
      await processes.restart("inventory");
    }
    log(`${scenario.name}: fault cleared ${Date.now() - faultAt} ms after it; retrying every key`);

    await tracker.settle(Date.now() + STORM.settleWithinMs);
    const negative = await sampler.stop();
    const expectation = { maxConflictMs: STORM.maxConflictMs, sku, since: startedAt };
    const deadline = Date.now() + STORM.consistentWithinMs;
    let snapshot: StockSnapshot;
    let violations: string[];
    let msToConsistent: number | null = null;
    for (;;) {
      snapshot = await readStockSnapshot(world.db);
      violations = [...negative, ...stockViolations(snapshot), ...keyViolations(snapshot, tracker.outcomes(), expectation)];
      if (violations.length === 0) {
        msToConsistent = Date.now() - faultAt;
        break;
      }
      if (Date.now() > deadline) break;
      await sleep(STORM.pollMs);
    }
    const outcomes = tracker.outcomes();
    const tombstones = await world.db.query<{ count: string }>(
      `SELECT count(*) AS count FROM inventory."StockReservation" WHERE "storeId" IS NULL AND "createdAt" >= $1`,
      [startedAt],
    );
    const units = (status: string) =>
      snapshot.reservations
        .filter((reservation) => reservation.status === status && reservation.storeId === storeId)
        .flatMap((reservation) => reservation.lines)
        .filter((line) => line.sku === sku)
        .reduce((sum, line) => sum + line.quantity, 0);
    const ordersLogs = processes.history("orders").flatMap((running) => running.logs).filter((entry) => (entry.time ?? 0) >= startedAt.getTime());
    const run: SagaRun = {
      scenario,
      sku,
      storeId,
      keys: STORM.keys,
      requests: tracker.requests,
      ordersPlaced: outcomes.filter((outcome) => outcome.outcome === "order").length,
      refused: outcomes.filter((outcome) => outcome.outcome === "refused").length,
      unitsReserved: units("ACTIVE"),
      unitsReleased: units("RELEASED"),
      attemptsRecovered: ordersLogs.filter((entry) => entry.msg === "recovered an abandoned checkout attempt").length,
      reconcilerReleases: ordersLogs.filter((entry) => entry.msg === "reconciler released an orphaned reservation").length,
      tombstones: Number(tombstones.rows[0]!.count),
      msToConsistent,
      longestConflictMs: Math.max(0, ...outcomes.map((outcome) => outcome.longestConflictMs)),
      faultSeen,
      violations,
      outcomes,
    };
    log(`${scenario.name}: ${describeRun(run)}`);
    return run;
  } finally {
    await sampler?.stop();
    // The next scenario starts from every subgraph up, running, without failpoints.
    for (const name of ["orders", "inventory"] as const) {
      const running = processes.process(name);
      running.resume();
      if (armed.has(running) || (await hasExited(running))) await processes.restart(name);
    }
  }
}

export function describeRun(run: SagaRun): string {
  return (
    `${run.ordersPlaced} orders, ${run.refused} refused of ${run.keys} keys (${run.requests} requests); ` +
    `units reserved ${run.unitsReserved}, released ${run.unitsReleased}; recovered ${run.attemptsRecovered}, reconciler released ${run.reconcilerReleases}, tombstones ${run.tombstones}; ` +
    `consistent ${run.msToConsistent === null ? "never" : `after ${run.msToConsistent} ms`}; longest CONFLICT ${run.longestConflictMs} ms` +
    (run.violations.length ? `; violations: ${run.violations.slice(0, 5).join(" | ")}` : "")
  );
}

interface Shopper {
  customerId: string;
  cartToken: string;
  key: string;
}

type Answer = { kind: "order"; orderId: string } | { kind: "error"; code: string; reason?: string; message: string } | { kind: "transport"; message: string };

/** Each key's tries and what they answered. */
class KeyTracker {
  requests = 0;
  private readonly state = new Map<string, { shopper: Shopper; last?: Answer; conflictSince?: number; longestConflictMs: number }>();

  constructor(
    private readonly world: SagaWorld,
    shoppers: Shopper[],
    private readonly storeId: string,
  ) {
    for (const shopper of shoppers) this.state.set(shopper.key, { shopper, longestConflictMs: 0 });
  }

  /** Every key once, all at the same moment. */
  async storm(): Promise<void> {
    await Promise.all([...this.state.keys()].map((key) => this.tryOnce(key)));
  }

  /** Every key retried until it has an order or a clear refusal, or the deadline passes. */
  async settle(deadline: number): Promise<void> {
    await Promise.all(
      [...this.state.keys()].map(async (key) => {
        while (!this.settled(key) && Date.now() < deadline) {
          await this.tryOnce(key);
          if (!this.settled(key)) await sleep(STORM.retryPauseMs);
        }
      }),
    );
  }

  /** The first `count` keys that placed an order cancel it, as their customers, all at once. */
  async cancel(count: number): Promise<void> {
    const placed = [...this.state.values()].filter((entry) => entry.last?.kind === "order").slice(0, count);
    await Promise.all(
      placed.map(({ shopper, last }) =>
        postGraphQL(this.world.processes.urls.orders, `mutation($id: ID!) { cancelOrder(orderId: $id) { status } }`, { id: (last as { orderId: string }).orderId }, signedForSubgraph(as.mobile(shopper.customerId))).catch(
          () => undefined,
        ),
      ),
    );
  }

  outcomes(): KeyOutcome[] {
    return [...this.state.entries()].map(([key, entry]) => {
      const last = entry.last;
      const base = { key, longestConflictMs: entry.longestConflictMs };
      if (last?.kind === "order") return { ...base, outcome: "order", orderId: last.orderId };
      if (last?.kind === "error" && isClearRefusal(last)) return { ...base, outcome: "refused", code: last.code, reason: last.reason };
      return { ...base, outcome: "unsettled", code: last?.kind === "error" ? last.code : last?.kind, reason: last?.kind === "error" ? last.reason ?? last.message : last?.message };
    });
  }

  private settled(key: string): boolean {
    const last = this.state.get(key)!.last;
    return last?.kind === "order" || (last?.kind === "error" && isClearRefusal(last));
  }

  private async tryOnce(key: string): Promise<void> {
    const entry = this.state.get(key)!;
    const sentAt = Date.now();
    this.requests += 1;
    const answer = await checkout(this.world, entry.shopper, this.storeId);
    entry.last = answer;
    if (answer.kind === "error" && answer.code === "CONFLICT") {
      entry.conflictSince ??= sentAt;
      entry.longestConflictMs = Math.max(entry.longestConflictMs, Date.now() - entry.conflictSince);
    } else if (answer.kind !== "transport") {
      entry.conflictSince = undefined;
    }
  }
}

function isClearRefusal(answer: { code: string; reason?: string }): boolean {
  return answer.reason === "INSUFFICIENT_STOCK";
}

async function checkout(world: SagaWorld, shopper: Shopper, storeId: string): Promise<Answer> {
  let response: GraphQLResponse<{ checkout: { id: string } }>;
  try {
    response = await withTimeout(
      postGraphQL(
        world.processes.urls.orders,
        CHECKOUT,
        { input: { cartToken: shopper.cartToken, idempotencyKey: shopper.key, fulfilment: { type: "PICKUP", pickupStoreId: storeId } } },
        signedForSubgraph(as.mobile(shopper.customerId)),
      ),
      STORM.requestTimeoutMs,
    );
  } catch (error) {
    return { kind: "transport", message: error instanceof Error ? error.message : String(error) };
  }
  const order = response.body.data?.checkout;
  if (order) return { kind: "order", orderId: order.id };
  const error = response.body.errors?.[0];
  return {
    kind: "error",
    code: String(error?.extensions?.code ?? `HTTP ${response.status}`),
    reason: error?.extensions?.reason as string | undefined,
    message: error?.message ?? "",
  };
}

async function cartOf(world: SagaWorld, customerId: string, sku: string): Promise<Shopper> {
  const headers = signedForSubgraph(as.mobile(customerId));
  const created = await postGraphQL(world.processes.urls.orders, `mutation { createCart { token } }`, {}, headers);
  const cartToken = created.body.data?.createCart?.token as string | undefined;
  if (!cartToken) throw new Error(`createCart failed: ${JSON.stringify(created.body.errors)}`);
  const added = await postGraphQL(
    world.processes.urls.orders,
    `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { token } }`,
    { input: { cartToken, sku, quantity: 1 } },
    headers,
  );
  if (added.body.errors) throw new Error(`addCartLine failed: ${JSON.stringify(added.body.errors)}`);
  return { customerId, cartToken, key: `saga-${randomUUID()}` };
}

/** The store's associate counts the shelf: `units` on hand (a CYCLE_COUNT through inventory's adjustStock). */
async function setOnHand(world: SagaWorld, sku: string, storeId: string, units: number): Promise<void> {
  const response = await postGraphQL(
    world.processes.urls.inventory,
    `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { delta } }`,
    { input: { sku, storeId, reason: "CYCLE_COUNT", countedQuantity: units, note: "saga fault suite" } },
    signedForSubgraph(as.associate(storeId)),
  );
  if (response.body.errors) throw new Error(`adjustStock failed: ${JSON.stringify(response.body.errors)}`);
}

/**
 * Until stopped, every stock row is looked at every 100 ms, on a connection of its own, while
 * the storm, the fault and the retries run: any row ever seen negative is reported (the final
 * snapshots only see the end).
 */
function sampleNegativeStock(databaseUrl: string): { stop(): Promise<string[]> } {
  const seen = new Set<string>();
  let running = true;
  const db = new pg.Client({ connectionString: databaseUrl });
  const loop = (async () => {
    await db.connect();
    while (running) {
      const { rows } = await db.query<{ sku: string; storeId: string; onHand: number; reserved: number }>(
        `SELECT sku, "storeId", "onHand", reserved FROM inventory."StockLevel" WHERE "onHand" < 0 OR reserved < 0 OR reserved > "onHand"`,
      );
      for (const row of rows) seen.add(`${row.sku}@${row.storeId}: seen negative during the run (onHand ${row.onHand}, reserved ${row.reserved})`);
      await sleep(100);
    }
  })();
  let stopped: Promise<string[]> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        running = false;
        await loop.catch((error: unknown) => seen.add(`the negative-stock sampler failed: ${String(error)}`));
        await db.end().catch(() => undefined);
        return [...seen];
      })()),
  };
}

function crashedAt(logs: { msg: string; failpoint?: unknown }[], failpoint: string): boolean {
  return logs.some((entry) => entry.msg === "failpoint hit" && entry.failpoint === failpoint);
}

async function exitsWithin(running: { exited: Promise<unknown> }, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([running.exited.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
  clearTimeout(timer);
  return outcome;
}

async function hasExited(running: { exited: Promise<unknown> }): Promise<boolean> {
  return exitsWithin(running, 0);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

function stringValues(settings: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)]));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
