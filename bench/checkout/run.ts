/**
 * `npm run bench:checkout`: checkout throughput on PostgreSQL with every process separate, and
 * the proof that it oversold nothing. A benchmark, not a test: it prints figures, and exits 1
 * only when it could not measure or when the stock does not add up (an oversell, a lost or an
 * extra reservation), never on time.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:checkout -- --connections 32 --carts 600 --units 100 --skus 4 --duration 60
 *
 * 1. A fresh database `bench_<pid>_<random>` on the server of BENCH_DATABASE_URL (or DATABASE_URL);
 *    the four subgraphs (NODE_ENV=production, one process each, migrated and seeded) and the
 *    gateway (cache off, rate limits off) on free ports of 127.0.0.1.
 * 2. Stock: `--skus` SKUs of one demo store, each cycle-counted (adjustStock, as an associate of
 *    the store) to exactly `--units` available.
 * 3. `--carts` carts, each of one customer of the demo data with one unit of one of those SKUs
 *    (round robin), created through the gateway beforehand (not timed).
 * 4. Timed: `--connections` clients check the carts out, each taking the next cart when its
 *    checkout is answered, until every cart is done or `--duration` seconds have passed.
 * 5. The proof, read from the database: for each SKU, the orders placed hold exactly the units
 *    reserved during the run, no more than were available, on-hand unchanged, no reservation
 *    ACTIVE without its order; and every checkout answered either an order or INSUFFICIENT_STOCK.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { demoDataset } from "../../prisma/seed";
import { as, clientCredentials } from "../../test/support/callers";
import { cpuSeconds, killChildrenAndRemoveOnExit, stopOnSignals } from "../gatewayComparison/cpu";
import { milliseconds } from "../gatewayComparison/report";
import { type BenchStorage, createBenchStorage, databaseBackendPids, type RunningSubgraphs, startSubgraphs } from "../gatewayComparison/subgraphs";
import { profilingArgs, type RunningTarget, startTarget } from "../gatewayComparison/targets";

interface Options {
  connections: number;
  carts: number;
  units: number;
  skus: number;
  durationSeconds: number;
}

interface Outcome {
  kind: "placed" | "insufficient" | "other";
  orderId?: string;
  sku: string;
  latencyMs: number;
  detail?: string;
}

const running: { storage?: BenchStorage; subgraphs?: RunningSubgraphs; gateway?: RunningTarget } = {};

async function main(): Promise<number> {
  const options = readOptions();
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("needs a PostgreSQL server: set BENCH_DATABASE_URL (or DATABASE_URL), e.g. postgres://postgres@127.0.0.1:5432/postgres");
  running.storage = await createBenchStorage("postgres", serverUrl);
  log(`Starting the subgraphs on ${running.storage.description}…`);
  running.subgraphs = await startSubgraphs(running.storage, profilingArgs());
  running.gateway = await startTarget("off", running.subgraphs.urls);
  const gatewayUrl = running.gateway.url;
  log(`Gateway (cache off) at ${gatewayUrl}`);

  const dataset = demoDataset();
  const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
  const skus = dataset.stock.filter((row) => row.storeId === store.id && row.onHand > 0).map((row) => row.sku).slice(0, options.skus);
  if (skus.length < options.skus) throw new Error(`the demo store ${store.id} holds only ${skus.length} SKUs`);
  const customers = dataset.customers.map((customer) => customer.id);
  const query = async (document: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await clientCredentials(headers)) },
      body: JSON.stringify({ query: document, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };
  const ok = async (...args: Parameters<typeof query>) => {
    const { status, body } = await query(...args);
    if (status !== 200 || body.errors) throw new Error(`HTTP ${status}: ${JSON.stringify(body.errors ?? body)}`);
    return body.data;
  };

  const db = new pg.Client({ connectionString: running.storage.databaseUrl });
  await db.connect();
  try {
    // 2. Exactly `units` available of each SKU.
    for (const sku of skus) {
      const { reserved } = await stockLevel(db, sku, store.id);
      await ok(
        `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { delta } }`,
        { input: { sku, storeId: store.id, reason: "CYCLE_COUNT", countedQuantity: reserved + options.units } },
        as.associate(store.id),
      );
    }
    const before = new Map<string, { onHand: number; reserved: number }>();
    for (const sku of skus) before.set(sku, await stockLevel(db, sku, store.id));

    // 3. The carts, not timed.
    log(`Creating ${options.carts} carts of one unit each over ${skus.length} SKUs of ${store.id} (${options.units} units each available)…`);
    const carts: { token: string; customerId: string; sku: string }[] = [];
    await pooled(options.carts, 16, async (index) => {
      const customerId = customers[index % customers.length]!;
      const sku = skus[index % skus.length]!;
      const data = await ok(`mutation { createCart { token } }`, {}, as.mobile(customerId));
      await ok(`mutation($input: AddCartLineInput!) { addCartLine(input: $input) { token } }`, { input: { cartToken: data.createCart.token, sku, quantity: 1 } }, as.mobile(customerId));
      carts[index] = { token: data.createCart.token, customerId, sku };
    });
    // Each cart's credentials made up front: the timed part sends, it does not sign tokens.
    const credentials = await Promise.all(carts.map((cart) => clientCredentials(as.mobile(cart.customerId))));

    // 4. Timed checkouts.
    log(`Checking out with ${options.connections} concurrent clients (at most ${options.durationSeconds} s)…`);
    const backends = await databaseBackendPids(running.storage.databaseUrl!);
    const pids = { gateway: running.gateway.pid, ...running.subgraphs.pids };
    const backendsBefore = new Map(backends.map((pid) => [pid, cpuSeconds(pid) ?? 0]));
    const cpuBefore = { ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)])), postgres: 0 };
    const outcomes: Outcome[] = [];
    const deadline = performance.now() + options.durationSeconds * 1000;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (next < carts.length && performance.now() < deadline) {
          const index = next++;
          const cart = carts[index]!;
          const sent = performance.now();
          const response = await fetch(gatewayUrl, {
            method: "POST",
            headers: { "content-type": "application/json", ...credentials[index] },
            body: JSON.stringify({
              query: `mutation($input: CheckoutInput!) { checkout(input: $input) { id } }`,
              variables: { input: { cartToken: cart.token, idempotencyKey: randomUUID(), fulfilment: { type: "PICKUP", pickupStoreId: store.id } } },
            }),
          });
          const body = (await response.json()) as { data?: { checkout?: { id: string } }; errors?: { message: string; extensions?: Record<string, unknown> }[] };
          const latencyMs = performance.now() - sent;
          const orderId = body.data?.checkout?.id;
          const reason = body.errors?.[0]?.extensions?.reason;
          if (response.status === 200 && orderId && !body.errors) outcomes.push({ kind: "placed", orderId, sku: cart.sku, latencyMs });
          else if (reason === "INSUFFICIENT_STOCK") outcomes.push({ kind: "insufficient", sku: cart.sku, latencyMs });
          else outcomes.push({ kind: "other", sku: cart.sku, latencyMs, detail: `HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}` });
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Backends the pools opened during the run count from 0; one that ended during it is missing (its CPU is lost).
    const backendsAfter = await databaseBackendPids(running.storage.databaseUrl!);
    const cpuAfter = {
      ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)])),
      postgres: backendsAfter.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0) - (backendsBefore.get(pid) ?? 0), 0),
    };

    // 5. Report and proof.
    const placed = outcomes.filter((outcome) => outcome.kind === "placed");
    const insufficient = outcomes.filter((outcome) => outcome.kind === "insufficient");
    const other = outcomes.filter((outcome) => outcome.kind === "other");
    const latencies = outcomes.map((outcome) => outcome.latencyMs).sort((a, b) => a - b);
    const percentile = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : NaN);
    console.log("");
    console.log(`checkouts answered   ${outcomes.length} of ${carts.length} carts in ${seconds.toFixed(2)} s: ${(outcomes.length / seconds).toFixed(1)} checkouts/s`);
    console.log(`orders placed        ${placed.length}: ${(placed.length / seconds).toFixed(1)} orders/s`);
    console.log(`refused              ${insufficient.length} INSUFFICIENT_STOCK; ${other.length} other failures`);
    console.log(`latency              p50 ${percentile(50).toFixed(0)} ms, p99 ${percentile(99).toFixed(0)} ms`);
    const cpuLine = Object.keys(cpuAfter).map((name) => {
      const spent = (cpuAfter as Record<string, number | undefined>)[name];
      const was = (cpuBefore as Record<string, number | undefined>)[name];
      return `${name} ${milliseconds(spent === undefined || was === undefined ? undefined : ((spent - was) * 1000) / Math.max(outcomes.length, 1))}`;
    });
    console.log(`CPU ms per checkout  ${cpuLine.join(", ")}`);
    for (const failure of other.slice(0, 5)) console.log(`  other failure: ${failure.detail}`);

    const problems = await proveNoOversell(db, store.id, skus, before, placed, options.units);
    console.log("");
    if (problems.length === 0) console.log(`0 oversell: for each of ${skus.length} SKUs, orders placed = units reserved during the run <= units available; on-hand unchanged; no reservation left ACTIVE without its order`);
    else for (const problem of problems) console.log(`!!! ${problem}`);
    return problems.length > 0 || other.length > 0 ? 1 : 0;
  } finally {
    await db.end();
  }
}

async function stockLevel(db: pg.Client, sku: string, storeId: string): Promise<{ onHand: number; reserved: number }> {
  const { rows } = await db.query<{ onHand: number; reserved: number }>(`SELECT "onHand", reserved FROM inventory."StockLevel" WHERE sku = $1 AND "storeId" = $2`, [sku, storeId]);
  if (!rows[0]) throw new Error(`no stock level for ${sku} at ${storeId}`);
  return rows[0];
}

/** The stock adds up, read from the database itself. Returns what does not. */
async function proveNoOversell(
  db: pg.Client,
  storeId: string,
  skus: string[],
  before: Map<string, { onHand: number; reserved: number }>,
  placed: Outcome[],
  units: number,
): Promise<string[]> {
  const problems: string[] = [];
  const placedIds = placed.map((outcome) => outcome.orderId!);
  for (const sku of skus) {
    const after = await stockLevel(db, sku, storeId);
    const was = before.get(sku)!;
    const { rows: ordered } = await db.query<{ units: string | null; orders: string }>(
      `SELECT sum(l.quantity) AS units, count(DISTINCT o.id) AS orders FROM orders."OrderLine" l JOIN orders."Order" o ON o.id = l."orderId" WHERE l.sku = $1 AND o."pickupStoreId" = $2 AND o.id = ANY($3)`,
      [sku, storeId, placedIds],
    );
    const orderedUnits = Number(ordered[0]!.units ?? 0);
    const answeredUnits = placed.filter((outcome) => outcome.sku === sku).length;
    const { rows: active } = await db.query<{ units: string | null }>(
      `SELECT sum(l.quantity) AS units FROM inventory."StockReservationLine" l JOIN inventory."StockReservation" r ON r.reference = l.reference
       WHERE l.sku = $1 AND r."storeId" = $2 AND r.status = 'ACTIVE' AND r.reference <> ALL($3)`,
      [sku, storeId, placedIds],
    );
    const orphanUnits = Number(active[0]!.units ?? 0);
    const reservedDelta = after.reserved - was.reserved;
    if (orderedUnits !== answeredUnits) problems.push(`${sku}: ${answeredUnits} orders answered, ${orderedUnits} units in the orders table`);
    if (reservedDelta !== orderedUnits) problems.push(`${sku}: reserved went up by ${reservedDelta}, orders hold ${orderedUnits} units`);
    if (orderedUnits > units) problems.push(`${sku}: OVERSOLD: ${orderedUnits} units ordered, ${units} were available`);
    if (after.onHand !== was.onHand) problems.push(`${sku}: on-hand changed from ${was.onHand} to ${after.onHand}`);
    if (after.reserved > after.onHand) problems.push(`${sku}: reserved ${after.reserved} > on-hand ${after.onHand}`);
    if (orphanUnits !== 0) problems.push(`${sku}: ${orphanUnits} units ACTIVE in reservations no order of the run owns`);
  }
  return problems;
}

/** Runs `count` tasks, `concurrency` at a time. */
async function pooled(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      connections: { type: "string", default: process.env.BENCH_CONNECTIONS ?? "32" },
      carts: { type: "string", default: process.env.BENCH_CARTS ?? "600" },
      units: { type: "string", default: process.env.BENCH_UNITS ?? "100" },
      skus: { type: "string", default: process.env.BENCH_SKUS ?? "4" },
      duration: { type: "string", default: process.env.BENCH_DURATION ?? "60" },
    },
  });
  const positive = (name: string, value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer; got "${value}"`);
    return number;
  };
  return {
    connections: positive("connections", values.connections),
    carts: positive("carts", values.carts),
    units: positive("units", values.units),
    skus: positive("skus", values.skus),
    durationSeconds: positive("duration", values.duration),
  };
}

async function stopEverything(): Promise<void> {
  await running.gateway?.stop(5_000).catch(() => undefined);
  await running.subgraphs?.stop().catch(() => undefined);
  await running.storage?.remove().catch((error: unknown) => log(`could not remove ${running.storage!.description}: ${(error as Error).message}`));
}

const benchStarted = performance.now();
/** With the seconds since the bench started: to find a phase in a CPU profile (`cpuProfileSummary --skip`). */
function log(message: string): void {
  console.log(`[bench:checkout +${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${message}`);
}

killChildrenAndRemoveOnExit(() => running.storage?.removeOnExit());
stopOnSignals(stopEverything);

main()
  .catch((error: unknown) => {
    console.error(`\n!!! The checkout benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await stopEverything();
    process.exit(code);
  });
