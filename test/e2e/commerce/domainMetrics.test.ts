import { randomUUID } from "node:crypto";
import { demoDataset } from "../../../prisma/seed";
import { as } from "../../support/commerceStack";
import { parseExposition, type Sample, samplesOf, sumOf } from "../../support/prometheusText";
import { useCommerceSuite } from "./support/commerceSuite";

/**
 * The domains' own metrics, scraped from the real subgraphs' `/metrics` while checkouts and
 * adjustments go through the gateway: orders_checkouts_total{outcome},
 * orders_release_sweeper_backlog, inventory_stock_reservations_total{outcome} and
 * inventory_stock_adjustments_total{reason}.
 */
const dataset = demoDataset();
const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
const customerFor = (index: number) => dataset.customers[index % dataset.customers.length]!.id;
// SKUs far down the store's list, away from the other commerce suites' (each suite has its own stack anyway).
const skus = dataset.stock.filter((row) => row.storeId === store.id && row.onHand > 0).map((row) => row.sku).reverse();

const suite = useCommerceSuite();

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(new URL("/metrics", url));
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

const checkouts = async (outcome: string) => sumOf(await scrape(suite.stack.orders.url), "orders_checkouts_total", { subgraph: "orders", outcome });
const reservations = async (outcome: string) => sumOf(await scrape(suite.stack.inventory.url), "inventory_stock_reservations_total", { subgraph: "inventory", outcome });
const adjustments = async (reason: string) => sumOf(await scrape(suite.stack.inventory.url), "inventory_stock_adjustments_total", { subgraph: "inventory", reason });

/** Each outcome's counter, read before and after `work`: what it added. */
async function added<T extends string>(read: (label: T) => Promise<number>, labels: readonly T[], work: () => Promise<void>): Promise<Record<T, number>> {
  const before = await Promise.all(labels.map(read));
  await work();
  const after = await Promise.all(labels.map(read));
  return Object.fromEntries(labels.map((label, index) => [label, after[index]! - before[index]!])) as Record<T, number>;
}

const CHECKOUT_OUTCOMES = ["placed", "insufficient_stock", "conflict", "failed", "compensated"] as const;
const RESERVATION_OUTCOMES = ["reserved", "insufficient_stock", "refused_released", "released", "tombstoned", "fulfilled"] as const;
const none = <T extends string>(labels: readonly T[]) => Object.fromEntries(labels.map((label) => [label, 0])) as Record<T, number>;

/** Cycle-counts `sku` so that exactly `available` units are free to sell. */
async function makeAvailable(sku: string, available: number): Promise<void> {
  const { reserved } = await suite.shop.stockAt(sku, store.id);
  suite.shop.ok(await suite.shop.adjust({ sku, storeId: store.id, reason: "CYCLE_COUNT", countedQuantity: reserved + available }, as.associate(store.id)));
}

async function cartOf(sku: string, customerIndex: number) {
  const customerId = customerFor(customerIndex);
  const token = await suite.shop.createCart(as.mobile(customerId));
  await suite.shop.addLine(token, sku, 1, as.mobile(customerId));
  const cart = await suite.stack.orders.prisma.cart.findUniqueOrThrow({ where: { token } });
  return { token, cartId: cart.id as string, customerId };
}

describe("every series is there from the start", () => {
  it("exposes each declared outcome and reason at 0 or more, with the subgraph label, and the sweeper's backlog", async () => {
    const orders = await scrape(suite.stack.orders.url);
    expect(samplesOf(orders, "orders_checkouts_total").map((sample) => sample.labels.outcome).sort()).toEqual([...CHECKOUT_OUTCOMES].sort());
    expect(samplesOf(orders, "orders_release_sweeper_backlog", { subgraph: "orders" })).toHaveLength(1);
    const inventory = await scrape(suite.stack.inventory.url);
    expect(samplesOf(inventory, "inventory_stock_reservations_total").map((sample) => sample.labels.outcome).sort()).toEqual([...RESERVATION_OUTCOMES].sort());
    expect(samplesOf(inventory, "inventory_stock_adjustments_total").map((sample) => sample.labels.reason).sort()).toEqual(
      ["CYCLE_COUNT", "DAMAGED", "FOUND", "RECEIVED", "RETURN"],
    );
  });
});

describe("orders_checkouts_total and inventory_stock_reservations_total", () => {
  it("count a placed checkout and its reservation", async () => {
    const sku = skus[0]!;
    await makeAvailable(sku, 3);
    const cart = await cartOf(sku, 0);
    let placed!: Record<(typeof CHECKOUT_OUTCOMES)[number], number>;
    const reserved = await added(reservations, RESERVATION_OUTCOMES, async () => {
      placed = await added(checkouts, CHECKOUT_OUTCOMES, async () => {
        suite.shop.ok(await suite.shop.checkout(cart.token, randomUUID(), store.id, as.mobile(cart.customerId)));
      });
    });
    expect(placed).toEqual({ ...none(CHECKOUT_OUTCOMES), placed: 1 });
    expect(reserved).toEqual({ ...none(RESERVATION_OUTCOMES), reserved: 1 });
  });

  it("count a checkout refused for want of stock, on both sides", async () => {
    const sku = skus[1]!;
    const cart = await cartOf(sku, 1);
    await makeAvailable(sku, 0);
    let refused!: Record<(typeof CHECKOUT_OUTCOMES)[number], number>;
    const reserved = await added(reservations, RESERVATION_OUTCOMES, async () => {
      refused = await added(checkouts, CHECKOUT_OUTCOMES, async () => {
        const response = await suite.shop.checkout(cart.token, randomUUID(), store.id, as.mobile(cart.customerId));
        expect(response.body.errors?.[0]?.extensions?.reason).toBe("INSUFFICIENT_STOCK");
      });
    });
    expect(refused).toEqual({ ...none(CHECKOUT_OUTCOMES), insufficient_stock: 1 });
    expect(reserved).toEqual({ ...none(RESERVATION_OUTCOMES), insufficient_stock: 1 });
  });

  it("count a checkout whose order could not be written as compensated, and inventory's release", async () => {
    const sku = skus[2]!;
    await makeAvailable(sku, 2);
    const cart = await cartOf(sku, 2);
    let outcomes!: Record<(typeof CHECKOUT_OUTCOMES)[number], number>;
    const reserved = await added(reservations, RESERVATION_OUTCOMES, async () => {
      outcomes = await added(checkouts, CHECKOUT_OUTCOMES, async () => {
        // A real database failure at the saga's last step: the orders table refuses the insert.
        await suite.stack.orders.prisma.$executeRawUnsafe(
          `CREATE FUNCTION orders.refuse_orders_metrics() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'orders are refused by the test'; END $$`,
        );
        await suite.stack.orders.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_orders_metrics BEFORE INSERT ON orders."Order" FOR EACH ROW EXECUTE FUNCTION orders.refuse_orders_metrics()`);
        try {
          const response = await suite.shop.checkout(cart.token, randomUUID(), store.id, as.mobile(cart.customerId));
          expect(response.body.errors).toHaveLength(1);
        } finally {
          await suite.stack.orders.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_orders_metrics ON orders."Order"`);
          await suite.stack.orders.prisma.$executeRawUnsafe(`DROP FUNCTION orders.refuse_orders_metrics()`);
        }
      });
    });
    expect(outcomes).toEqual({ ...none(CHECKOUT_OUTCOMES), compensated: 1 });
    expect(reserved).toEqual({ ...none(RESERVATION_OUTCOMES), reserved: 1, released: 1 });
  });

  it("count CONFLICT for a key whose attempt is still under way", async () => {
    const cart = await cartOf(skus[3]!, 3);
    const idempotencyKey = `busy-${randomUUID()}`;
    // An attempt under way elsewhere, well within its lease.
    await suite.stack.orders.prisma.checkout.create({
      data: { idempotencyKey, cartId: cart.cartId, customerId: cart.customerId, status: "PENDING", orderId: randomUUID(), leaseExpiresAt: new Date(Date.now() + 120_000) },
    });
    const outcomes = await added(checkouts, CHECKOUT_OUTCOMES, async () => {
      const response = await suite.shop.checkout(cart.token, idempotencyKey, store.id, as.mobile(cart.customerId));
      expect(response.body.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    });
    expect(outcomes).toEqual({ ...none(CHECKOUT_OUTCOMES), conflict: 1 });
    await suite.stack.orders.prisma.checkout.delete({ where: { idempotencyKey } });
  });

  it("count a release of a reference inventory never saw as a tombstone", async () => {
    const reserved = await added(reservations, RESERVATION_OUTCOMES, async () => {
      const response = await suite.stack.inventory.query(
        `mutation($reference: ID!) { releaseStockReservation(reference: $reference) { status } }`,
        { reference: randomUUID() },
        as.service("orders"),
      );
      expect(response.body.data?.releaseStockReservation).toEqual({ status: "RELEASED" });
    });
    expect(reserved).toEqual({ ...none(RESERVATION_OUTCOMES), tombstoned: 1 });
  });
});

describe("orders_release_sweeper_backlog", () => {
  it("is the number of releases inventory has not confirmed, read at the scrape", async () => {
    const backlog = async () => sumOf(await scrape(suite.stack.orders.url), "orders_release_sweeper_backlog", { subgraph: "orders" });
    const before = await suite.stack.orders.prisma.pendingRelease.count();
    expect(await backlog()).toBe(before);
    // A pending release nobody retries until a release fails (the sweeper is idle while none does).
    const reference = `metrics-${randomUUID()}`;
    await suite.stack.orders.prisma.pendingRelease.create({ data: { reference, reason: "test" } });
    try {
      expect(await backlog()).toBe(before + 1);
    } finally {
      await suite.stack.orders.prisma.pendingRelease.deleteMany({ where: { reference } });
    }
    expect(await backlog()).toBe(before);
  });
});

describe("inventory_stock_adjustments_total", () => {
  it("counts committed adjustments by reason, and not a refused one", async () => {
    const sku = skus[4]!;
    const counted = await added(adjustments, ["RECEIVED", "DAMAGED", "CYCLE_COUNT"] as const, async () => {
      suite.shop.ok(await suite.shop.adjust({ sku, storeId: store.id, reason: "RECEIVED", delta: 4 }, as.associate(store.id)));
      suite.shop.ok(await suite.shop.adjust({ sku, storeId: store.id, reason: "DAMAGED", delta: -1 }, as.associate(store.id)));
      // Refused (a DAMAGED write-off adds no units): not counted.
      const refused = await suite.shop.adjust({ sku, storeId: store.id, reason: "DAMAGED", delta: 2 }, as.associate(store.id));
      expect(refused.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });
    expect(counted).toEqual({ RECEIVED: 1, DAMAGED: 1, CYCLE_COUNT: 0 });
  });
});
