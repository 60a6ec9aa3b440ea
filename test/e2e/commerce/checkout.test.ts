import { randomUUID } from "node:crypto";
import { demoDataset } from "../../../prisma/seed";
import { as } from "../../support/commerceStack";
import { collectDomainEvents } from "../../support/domainEvents";
import { useCommerceSuite } from "./support/commerceSuite";

/**
 * Checkout through the gateway, against the four subgraphs on real databases (PostgreSQL when
 * TEST_DATABASE_URL is set): no oversell under concurrency, compensation when the order cannot
 * be written, idempotency keys, and exact counts when handheld adjustments race checkouts.
 */
const dataset = demoDataset();
const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
const customers = dataset.customers;
const customerFor = (index: number) => customers[index % customers.length]!.id;
/** Stock rows of `store`, a different SKU for each scenario so that they never meet. */
const skus = dataset.stock.filter((row) => row.storeId === store.id && row.onHand > 0).map((row) => row.sku);
const [contestedSku, plentifulSku, failingSku, idempotentSku, racedSku] = skus;

const suite = useCommerceSuite();

/** Cycle-counts `sku` so that exactly `available` units are free to sell. */
async function makeAvailable(sku: string, available: number): Promise<void> {
  const { reserved } = await suite.shop.stockAt(sku, store.id);
  suite.shop.ok(await suite.shop.adjust({ sku, storeId: store.id, reason: "CYCLE_COUNT", countedQuantity: reserved + available }, as.associate(store.id)));
  expect((await suite.shop.stockAt(sku, store.id)).available).toBe(available);
}

/** `count` carts of one unit of `sku`, each its customer's, created from phones a few at a time. */
async function cartsOf(sku: string, count: number): Promise<{ token: string; customerId: string }[]> {
  const carts: { token: string; customerId: string }[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, async (_, offset) => {
      const customerId = customerFor(start + offset);
      const token = await suite.shop.createCart(as.mobile(customerId));
      await suite.shop.addLine(token, sku, 1, as.mobile(customerId));
      return { token, customerId };
    });
    carts.push(...(await Promise.all(batch)));
  }
  return carts;
}

function checkoutAll(carts: { token: string; customerId: string }[]) {
  return Promise.all(carts.map(({ token, customerId }) => suite.shop.checkout(token, randomUUID(), store.id, as.mobile(customerId))));
}

/** Failures other than running out of stock, as "CODE: message", so that a failing run says what went wrong. */
function unexpectedFailures(responses: Awaited<ReturnType<typeof checkoutAll>>): string[] {
  return responses
    .flatMap((response) => response.body.errors ?? [])
    .filter((error) => error.extensions?.reason !== "INSUFFICIENT_STOCK")
    .map((error) => `${String(error.extensions?.code)}: ${error.message}`);
}

async function ordersSelling(sku: string): Promise<number> {
  return suite.stack.orders.prisma.order.count({ where: { lines: { some: { sku } } } });
}

describe("checkout under concurrency", () => {
  it("200 concurrent checkouts against 10 units give exactly 10 orders, and stock never goes negative", async () => {
    await makeAvailable(contestedSku!, 10);
    const before = await suite.shop.stockAt(contestedSku!, store.id);
    const carts = await cartsOf(contestedSku!, 200);

    const started = performance.now();
    const responses = await checkoutAll(carts);
    const seconds = (performance.now() - started) / 1000;

    expect(responses.map((response) => response.status)).toEqual(carts.map(() => 200));
    expect(unexpectedFailures(responses)).toEqual([]);
    const placed = responses.filter((response) => response.body.data?.checkout);
    const refused = responses.filter((response) => response.body.errors?.[0]?.extensions?.reason === "INSUFFICIENT_STOCK");
    expect(placed).toHaveLength(10);
    expect(refused).toHaveLength(190);
    expect(refused[0]!.body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", sku: contestedSku, storeId: store.id } });

    expect(await suite.shop.stockAt(contestedSku!, store.id)).toEqual({ onHand: before.onHand, reserved: before.reserved + 10, available: 0 });
    expect(await ordersSelling(contestedSku!)).toBe(10);
    expect(await suite.stack.orders.prisma.pendingRelease.count()).toBe(0);
    console.log(`checkout: 200 concurrent checkouts for 10 units: ${placed.length} orders, ${refused.length} refused, in ${seconds.toFixed(2)} s (${(200 / seconds).toFixed(1)} checkouts/s)`);
  });

  it("places every order when the stock suffices: 100 concurrent checkouts, 100 orders", async () => {
    await makeAvailable(plentifulSku!, 150);
    const carts = await cartsOf(plentifulSku!, 100);

    const started = performance.now();
    const responses = await checkoutAll(carts);
    const seconds = (performance.now() - started) / 1000;

    expect(unexpectedFailures(responses)).toEqual([]);
    expect(new Set(responses.map((response) => response.body.data!.checkout.id)).size).toBe(100);
    expect((await suite.shop.stockAt(plentifulSku!, store.id)).available).toBe(50);
    console.log(`checkout: 100 concurrent checkouts with stock for all: 100 orders in ${seconds.toFixed(2)} s (${(100 / seconds).toFixed(1)} orders/s)`);
  });
});

describe("compensation", () => {
  it("releases the reservation when the order cannot be written, and the same key then succeeds", async () => {
    await makeAvailable(failingSku!, 5);
    const before = await suite.shop.stockAt(failingSku!, store.id);
    const [cart] = await cartsOf(failingSku!, 1);
    const key = randomUUID();

    // A real database failure at the last step of the saga: the orders table refuses the insert.
    await suite.stack.orders.prisma.$executeRawUnsafe(
      `CREATE FUNCTION orders.refuse_orders() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'orders are refused by the test'; END $$`,
    );
    await suite.stack.orders.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_orders BEFORE INSERT ON orders."Order" FOR EACH ROW EXECUTE FUNCTION orders.refuse_orders()`);
    let failed;
    try {
      failed = await suite.shop.checkout(cart!.token, key, store.id, as.mobile(cart!.customerId));
    } finally {
      await suite.stack.orders.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_orders ON orders."Order"`);
      await suite.stack.orders.prisma.$executeRawUnsafe(`DROP FUNCTION orders.refuse_orders()`);
    }

    expect(failed.status).toBe(200);
    expect(failed.body.data).toBeNull();
    expect(failed.body.errors).toHaveLength(1);
    expect(await suite.shop.stockAt(failingSku!, store.id)).toEqual(before);
    expect(await ordersSelling(failingSku!)).toBe(0);
    expect(await suite.stack.orders.prisma.pendingRelease.count()).toBe(0);
    expect(await suite.stack.orders.prisma.checkout.findUnique({ where: { idempotencyKey: key } })).toMatchObject({ status: "FAILED" });

    const retried = await suite.shop.checkout(cart!.token, key, store.id, as.mobile(cart!.customerId));
    expect(retried.body.errors).toBeUndefined();
    expect(await ordersSelling(failingSku!)).toBe(1);
    expect(await suite.shop.stockAt(failingSku!, store.id)).toEqual({ ...before, reserved: before.reserved + 1, available: before.available - 1 });
  });
});

describe("idempotency", () => {
  it("gives one order for the same key sent twice, and for the same key sent five times at once", async () => {
    await makeAvailable(idempotentSku!, 20);
    const [first, second] = await cartsOf(idempotentSku!, 2);
    const key = randomUUID();
    const once = await suite.shop.checkout(first!.token, key, store.id, as.mobile(first!.customerId));
    const again = await suite.shop.checkout(first!.token, key, store.id, as.mobile(first!.customerId));
    expect(again.body.data!.checkout).toEqual(once.body.data!.checkout);

    const concurrentKey = randomUUID();
    const burst = await Promise.all(Array.from({ length: 5 }, () => suite.shop.checkout(second!.token, concurrentKey, store.id, as.mobile(second!.customerId))));
    const ids = new Set(burst.flatMap((response) => (response.body.data?.checkout ? [response.body.data.checkout.id] : [])));
    expect(ids.size).toBe(1);
    for (const response of burst.filter((candidate) => candidate.body.errors)) {
      expect(response.body.errors![0]!.extensions!.code).toBe("CONFLICT");
    }
    expect(await ordersSelling(idempotentSku!)).toBe(2);
    expect((await suite.shop.stockAt(idempotentSku!, store.id)).available).toBe(18);
  });

  it("refuses a key already used for another cart", async () => {
    const [one, other] = await cartsOf(idempotentSku!, 2);
    const key = randomUUID();
    suite.shop.ok(await suite.shop.checkout(one!.token, key, store.id, as.mobile(one!.customerId)));
    const reused = await suite.shop.checkout(other!.token, key, store.id, as.mobile(other!.customerId));
    expect(reused.body.errors![0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "idempotencyKey" } });
  });
});

describe("handheld adjustments racing checkouts", () => {
  it("end with the exact expected counts", async () => {
    await makeAvailable(racedSku!, 30);
    const start = await suite.shop.stockAt(racedSku!, store.id);
    const carts = await cartsOf(racedSku!, 20);
    const associate = as.associate(store.id);

    const [checkouts, ...adjustments] = await Promise.all([
      checkoutAll(carts),
      suite.shop.adjust({ sku: racedSku!, storeId: store.id, reason: "RECEIVED", delta: 5 }, associate),
      suite.shop.adjust({ sku: racedSku!, storeId: store.id, reason: "DAMAGED", delta: -3 }, associate),
      suite.shop.adjust({ sku: racedSku!, storeId: store.id, reason: "FOUND", delta: 2 }, associate),
    ]);
    expect(checkouts.filter((response) => response.body.errors)).toEqual([]);
    expect(adjustments.filter((response) => response.body.errors)).toEqual([]);
    const afterCheckouts = await suite.shop.stockAt(racedSku!, store.id);
    expect(afterCheckouts).toEqual({ onHand: start.onHand + 4, reserved: start.reserved + 20, available: start.available + 4 - 20 });

    // Five pickups handed over (the units leave the shelf) while a delivery is booked in.
    const handedOver = checkouts.slice(0, 5).map((response) => response.body.data!.checkout.id);
    const [completions, received] = await Promise.all([
      Promise.all(
        handedOver.map(async (orderId) => {
          suite.shop.ok(await suite.stack.query(`mutation($id: ID!) { markOrderReadyForPickup(orderId: $id) { status } }`, { id: orderId }, associate));
          return suite.stack.query(`mutation($id: ID!) { completeOrder(orderId: $id) { status } }`, { id: orderId }, associate);
        }),
      ),
      suite.shop.adjust({ sku: racedSku!, storeId: store.id, reason: "RECEIVED", delta: 7 }, associate),
    ]);
    expect(completions.filter((response) => response.body.errors)).toEqual([]);
    expect(received.body.errors).toBeUndefined();
    expect(await suite.shop.stockAt(racedSku!, store.id)).toEqual({
      onHand: afterCheckouts.onHand - 5 + 7,
      reserved: afterCheckouts.reserved - 5,
      available: afterCheckouts.available + 7,
    });
  });
});

describe("internal operations", () => {
  it.each([
    ["reserveStock", `mutation { reserveStock(input: { reference: "x", lines: [{ sku: "x", quantity: 1 }] }) { status } }`],
    ["releaseStockReservation", `mutation { releaseStockReservation(reference: "x") { status } }`],
    ["fulfilStockReservation", `mutation { fulfilStockReservation(reference: "x") { status } }`],
  ])("the gateway's API has no %s: only the orders service reaches it, on inventory itself", async (field, document) => {
    const response = await suite.stack.query(document, {}, as.associate(store.id));
    expect(response.status).toBe(400);
    expect(response.body.errors![0]).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    expect(response.body.errors!.some((error) => error.message.includes(`"${field}"`))).toBe(true);
  });
});

describe("domain events", () => {
  it("publishes OrderPlaced and OrderStatusChanged after they commit", async () => {
    const collector = await collectDomainEvents(suite.stack.orders);
    try {
      const [cart] = await cartsOf(racedSku!, 1);
      const order = suite.shop.ok(await suite.shop.checkout(cart!.token, randomUUID(), store.id, as.mobile(cart!.customerId))).checkout;
      suite.shop.ok(await suite.stack.query(`mutation($id: ID!) { cancelOrder(orderId: $id) { status } }`, { id: order.id }, as.mobile(cart!.customerId)));
      await suite.stack.orders.events.flush();
      await waitUntil(() => collector.events.filter((event) => event.aggregateId === order.id).length >= 2);
      const events = collector.events.filter((event) => event.aggregateId === order.id);
      expect(events.map((event) => event.type)).toEqual(["OrderPlaced", "OrderStatusChanged"]);
      expect(events[0]!.payload).toMatchObject({ orderId: order.id, number: order.number, lines: [{ sku: racedSku, quantity: 1 }] });
      expect(events[1]!.payload).toMatchObject({ from: "PLACED", to: "CANCELLED" });
    } finally {
      await collector.stop();
    }
  });
});

async function waitUntil(condition: () => boolean, attempts = 50): Promise<void> {
  for (let attempt = 0; attempt < attempts && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe("invalidation tags through service calls", () => {
  // Straight to orders, to read its response's extensions: the gateway sees only orders' answer,
  // so the tags of inventory's (and customer's) changes must come back in it.
  const taggedSku = skus[5]!;
  const customerId = customerFor(7);
  const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { id status } }`;

  function checkoutAtOrders(cartToken: string) {
    const input = { cartToken, idempotencyKey: randomUUID(), fulfilment: { type: "PICKUP", pickupStoreId: store.id } };
    return suite.stack.orders.query(CHECKOUT, { input }, as.mobile(customerId));
  }

  it("a checkout reports inventory's variant tags with its own; a refused one reports nothing", async () => {
    await makeAvailable(taggedSku, 3);
    const token = await suite.shop.createCart(as.mobile(customerId));
    await suite.shop.addLine(token, taggedSku, 2, as.mobile(customerId));

    const placed = await checkoutAtOrders(token);
    expect(placed.body.errors).toBeUndefined();
    const orderId = placed.body.data.checkout.id;
    expect(placed.body.extensions?.invalidates).toEqual(
      expect.arrayContaining([
        `e:ProductVariant:{"sku":"${taggedSku}"}`,
        "r:inventory",
        `e:Order:{"id":"${orderId}"}`,
        `e:Customer:{"id":"${customerId}"}`,
        "r:orders",
      ]),
    );
    expect(placed.headers.get("cache-control")).toBe("no-store");

    const tooMany = await suite.shop.createCart(as.mobile(customerId));
    await suite.shop.addLine(tooMany, taggedSku, 2, as.mobile(customerId));
    const refused = await checkoutAtOrders(tooMany);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ reason: "INSUFFICIENT_STOCK" });
    expect(refused.body.extensions).toBeUndefined();

    // Handing the order over fulfils its reservation in inventory: the variant's tag comes back through orders again.
    const associate = as.associate(store.id);
    await suite.stack.orders.query(`mutation($id: ID!) { markOrderReadyForPickup(orderId: $id) { status } }`, { id: orderId }, associate);
    const completed = await suite.stack.orders.query(`mutation($id: ID!) { completeOrder(orderId: $id) { status } }`, { id: orderId }, associate);
    expect(completed.body.errors).toBeUndefined();
    expect(completed.body.extensions?.invalidates).toEqual(
      expect.arrayContaining([`e:ProductVariant:{"sku":"${taggedSku}"}`, "r:inventory", `e:Order:{"id":"${orderId}"}`, "r:orders"]),
    );
  });
});
