import { randomUUID } from "node:crypto";
import { demoDataset } from "../../../prisma/seed";
import { createLogger } from "@platform/logging";
import { SubgraphClient } from "@subgraph-kit";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";
import type { PrismaClient as InventoryPrisma } from "../../../subgraphs/inventory/src/generated/prisma/client";
import type { PrismaClient as OrdersPrisma } from "../../../subgraphs/orders/src/generated/prisma/client";
import { CheckoutAttempts } from "../../../subgraphs/orders/src/service/checkoutAttempts";
import { InventoryClient } from "../../../subgraphs/orders/src/service/inventoryClient";
import { StockReleases } from "../../../subgraphs/orders/src/service/stockReleases";
import { as, type CommerceStack, startCommerceStack } from "../../support/commerceStack";
import { shopper } from "./support/shopper";

/**
 * The checkout saga's recovery, in-process and deterministic: the states a crash leaves behind
 * are written as the crashed process would have left them (a PENDING attempt with a reservation
 * under its reference), then the running orders service must end them. The crashes themselves,
 * with real processes killed at each step, are the saga fault suite's (test/e2e/saga).
 */
const LEASE_MS = 4000;
const RECOVERY_INTERVAL_MS = 250;
const RECONCILE_INTERVAL_MS = 500;

const dataset = demoDataset();
const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
/** Stock rows of `store` with units free, from the end of the list (the checkout suite takes the first ones). */
const skus = dataset.stock.filter((row) => row.storeId === store.id && row.onHand - row.reserved >= 5).map((row) => row.sku).reverse();
const customerFor = (index: number) => dataset.customers[index]!.id;

let stack: CommerceStack;
let shop: ReturnType<typeof shopper>;
/** The two domains' tables, read straight (not through the code under test). */
let ordersDb: OrdersPrisma;
let inventoryDb: InventoryPrisma;

beforeAll(async () => {
  stack = await startCommerceStack({
    orders: {
      checkoutLeaseMs: LEASE_MS,
      serviceCallTimeoutMs: 1500,
      checkoutRecoveryIntervalMs: RECOVERY_INTERVAL_MS,
      reservationReconcileIntervalMs: RECONCILE_INTERVAL_MS,
    },
  });
  shop = shopper(stack);
  ordersDb = stack.orders.prisma as OrdersPrisma;
  inventoryDb = stack.inventory.prisma as InventoryPrisma;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** A cart of one unit of `sku`, owned by `customerId`. */
async function cartOf(sku: string, customerId: string) {
  const token = await shop.createCart(as.mobile(customerId));
  await shop.addLine(token, sku, 1, as.mobile(customerId));
  const cart = await ordersDb.cart.findUniqueOrThrow({ where: { token } });
  return { token, cartId: cart.id, customerId };
}

/** Reserves as the orders service does, straight into inventory: what an attempt did before its process died. */
async function reserveAsOrders(reference: string, sku: string, holdSeconds: number) {
  const response = await stack.inventory.query(
    `mutation($input: ReserveStockInput!) { reserveStock(input: $input) { reference status } }`,
    { input: { reference, storeId: store.id, lines: [{ sku, quantity: 1 }], holdSeconds } },
    as.service("orders"),
  );
  expect(response.body.errors).toBeUndefined();
}

/** What a process that crashed after reserving leaves behind: a PENDING attempt whose reference holds stock. */
async function crashedAfterReserving(sku: string, customerIndex: number, leaseLeftMs: number) {
  const cart = await cartOf(sku, customerFor(customerIndex));
  const idempotencyKey = `crashed-${randomUUID()}`;
  const reference = randomUUID();
  await reserveAsOrders(reference, sku, Math.ceil(LEASE_MS / 1000));
  await ordersDb.checkout.create({
    data: { idempotencyKey, cartId: cart.cartId, customerId: cart.customerId, status: "PENDING", orderId: reference, leaseExpiresAt: new Date(Date.now() + leaseLeftMs) },
  });
  return { ...cart, idempotencyKey, reference };
}

const reservation = (reference: string) => inventoryDb.stockReservation.findUnique({ where: { reference }, include: { lines: true } });
const checkoutRow = (idempotencyKey: string) => ordersDb.checkout.findUniqueOrThrow({ where: { idempotencyKey } });

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** For every stock row of the store: reserved equals the units of its ACTIVE reservations. */
async function reservedMismatches(): Promise<string[]> {
  const rows = await inventoryDb.$queryRaw<{ sku: string; storeId: string; reserved: number; held: bigint }[]>`
    SELECT l.sku, l."storeId", l.reserved, COALESCE(SUM(rl.quantity), 0) AS held
    FROM inventory."StockLevel" l
    LEFT JOIN inventory."StockReservation" r ON r."storeId" = l."storeId" AND r.status = 'ACTIVE'
    LEFT JOIN inventory."StockReservationLine" rl ON rl.reference = r.reference AND rl.sku = l.sku
    GROUP BY l.sku, l."storeId", l.reserved
    HAVING l.reserved <> COALESCE(SUM(rl.quantity), 0)`;
  return rows.map((row) => `${row.sku}@${row.storeId}: reserved ${row.reserved}, held by reservations ${row.held}`);
}

describe("the demo data", () => {
  it("starts consistent: every stock row's reserved is its ACTIVE reservations, every order holding stock has its reservation", async () => {
    expect(await reservedMismatches()).toEqual([]);
    const holding = await ordersDb.order.findMany({ where: { status: { in: ["PLACED", "READY_FOR_PICKUP"] } }, include: { lines: true } });
    expect(holding.length).toBeGreaterThan(0);
    const reservations = await inventoryDb.stockReservation.findMany({ where: { reference: { in: holding.map((order) => order.id) } }, include: { lines: true } });
    const byReference = new Map(reservations.map((row) => [row.reference, row]));
    for (const order of holding) {
      const held = byReference.get(order.id);
      expect({ order: order.id, status: held?.status, lines: held?.lines.map(({ sku, quantity }) => ({ sku, quantity })).sort((a, b) => a.sku.localeCompare(b.sku)) }).toEqual({
        order: order.id,
        status: "ACTIVE",
        lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })).sort((a, b) => a.sku.localeCompare(b.sku)),
      });
      if (order.pickupStoreId) expect(held!.storeId).toBe(order.pickupStoreId);
    }
  });
});

describe("an attempt whose process died after reserving", () => {
  it("is taken over by a retry of its key once its lease is over: the old reference released, one order placed", async () => {
    const sku = skus[0]!;
    const before = await shop.stockAt(sku, store.id);
    const crashed = await crashedAfterReserving(sku, 1, 1000);
    expect((await shop.stockAt(sku, store.id)).reserved).toBe(before.reserved + 1);

    // The retry waits for the attempt under way, sees its lease run out, and takes the key over.
    const retried = shop.ok(await shop.checkout(crashed.token, crashed.idempotencyKey, store.id, as.mobile(crashed.customerId)));
    expect(retried.checkout.id).not.toBe(crashed.reference);
    expect((await reservation(crashed.reference))?.status).toBe("RELEASED");
    expect((await reservation(retried.checkout.id))?.status).toBe("ACTIVE");
    expect(await checkoutRow(crashed.idempotencyKey)).toMatchObject({ status: "COMPLETED", orderId: retried.checkout.id, leaseExpiresAt: null });
    expect((await shop.stockAt(sku, store.id)).reserved).toBe(before.reserved + 1);

    const again = shop.ok(await shop.checkout(crashed.token, crashed.idempotencyKey, store.id, as.mobile(crashed.customerId)));
    expect(again.checkout.id).toBe(retried.checkout.id);
  });

  it("is recovered by the orders service when nobody retries: FAILED, its stock released; the key then succeeds", async () => {
    const sku = skus[1]!;
    const before = await shop.stockAt(sku, store.id);
    const crashed = await crashedAfterReserving(sku, 2, 300);

    const recovered = await eventually(() => checkoutRow(crashed.idempotencyKey), (row) => row.status === "FAILED", 300 + RECOVERY_INTERVAL_MS + 5000);
    expect(recovered).toMatchObject({ status: "FAILED", orderId: crashed.reference, leaseExpiresAt: null, failure: expect.stringMatching(/^ABANDONED/) });
    expect((await eventually(() => reservation(crashed.reference), (row) => row?.status === "RELEASED", 5000))?.status).toBe("RELEASED");
    expect(await ordersDb.pendingRelease.findUnique({ where: { reference: crashed.reference } })).toBeNull();
    expect(await shop.stockAt(sku, store.id)).toEqual(before);

    const retried = shop.ok(await shop.checkout(crashed.token, crashed.idempotencyKey, store.id, as.mobile(crashed.customerId)));
    expect(retried.checkout.id).not.toBe(crashed.reference);
    expect((await shop.stockAt(sku, store.id)).reserved).toBe(before.reserved + 1);
  });

  it("answers CONFLICT while the attempt is within its lease, saying when to retry", async () => {
    const crashed = await crashedAfterReserving(skus[2]!, 3, 20_000);
    const response = await shop.checkout(crashed.token, crashed.idempotencyKey, store.id, as.mobile(crashed.customerId));
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", retryAfterSeconds: 1, leaseExpiresAt: expect.any(String) });
    expect(response.body.errors?.[0]?.message).toMatch(/within \d+ s it has finished or can be taken over/);
    // Leave nothing behind for the later tests: its lease ends now, and the recoverer ends it.
    await ordersDb.checkout.update({ where: { idempotencyKey: crashed.idempotencyKey }, data: { leaseExpiresAt: new Date() } });
    await eventually(() => reservation(crashed.reference), (row) => row?.status === "RELEASED", RECOVERY_INTERVAL_MS + 5000);
  });
});

describe("fencing: an attempt that outlived its lease", () => {
  it("cannot complete once taken over, and its failure does not touch the attempt that took over", async () => {
    const logger = createLogger("orders", "silent");
    const inventory = new InventoryClient(new SubgraphClient("inventory", { url: stack.inventory.url, identity: { service: "orders", secret: DEVELOPMENT_SERVICE_SECRET } }));
    const prisma = ordersDb;
    const attempts = new CheckoutAttempts(prisma, new StockReleases(prisma, inventory, logger), LEASE_MS, logger);
    const cart = await cartOf(skus[3]!, customerFor(4));
    const key = `fenced-${randomUUID()}`;

    const first = await attempts.claim(key, cart.cartId, cart.customerId);
    if (first.kind !== "attempt") throw new Error(`expected a new attempt, got ${first.kind}`);
    await prisma.checkout.update({ where: { idempotencyKey: key }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    const second = await attempts.reclaim(await checkoutRow(key));
    if (second.kind !== "attempt") throw new Error(`expected a takeover, got ${second.kind}`);
    expect(second.attempt.reference).not.toBe(first.attempt.reference);

    await expect(prisma.$transaction((tx) => attempts.complete(tx, first.attempt))).rejects.toMatchObject({ extensions: { code: "CONFLICT" } });
    await attempts.fail(first.attempt, "late", true);
    expect(await checkoutRow(key)).toMatchObject({ status: "PENDING", orderId: second.attempt.reference });
    await prisma.$transaction((tx) => attempts.complete(tx, second.attempt));
    expect(await checkoutRow(key)).toMatchObject({ status: "COMPLETED", orderId: second.attempt.reference });
    expect((await reservation(first.attempt.reference))?.status).toBe("RELEASED"); // the late attempt's release left a tombstone
  });
});

describe("the reconciler", () => {
  it("releases an expired reservation that no order and no attempt owns", async () => {
    const sku = skus[4]!;
    const before = await shop.stockAt(sku, store.id);
    const orphan = randomUUID();
    await reserveAsOrders(orphan, sku, 1);
    const released = await eventually(() => reservation(orphan), (row) => row?.status === "RELEASED", 1000 + RECONCILE_INTERVAL_MS + 5000);
    expect(released?.status).toBe("RELEASED");
    expect(await shop.stockAt(sku, store.id)).toEqual(before);
  });

  it("confirms the reservation of a placed order once its hold has passed: it stays ACTIVE and no longer expires", async () => {
    const sku = skus[5]!;
    const cart = await cartOf(sku, customerFor(5));
    const placed = shop.ok(await shop.checkout(cart.token, randomUUID(), store.id, as.mobile(cart.customerId)));
    expect((await reservation(placed.checkout.id))?.expiresAt).not.toBeNull();
    const confirmed = await eventually(() => reservation(placed.checkout.id), (row) => row?.expiresAt === null, LEASE_MS + RECONCILE_INTERVAL_MS + 5000);
    expect(confirmed).toMatchObject({ status: "ACTIVE", expiresAt: null });
  });

  it("leaves the whole store consistent", async () => {
    expect(await reservedMismatches()).toEqual([]);
  });
});
