import { demoDataset } from "../../../prisma/seed";
import { collectDomainEvents } from "../../../test/support/domainEvents";
import { onlyError } from "../../../test/support/assertions";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import { stockCounts } from "../../../test/support/stockCounts";
import { as } from "../../../test/support/callers";
import { ANONYMOUS_WEB, signedCallerHeaders } from "@platform/caller";
import type { PrismaClient } from "./generated/prisma/client";
import { inventorySubgraph } from "./subgraph";

/**
 * The orders service's calls into inventory: reserve, release and fulfil, each idempotent per
 * reference, all-or-nothing per reservation, exact under concurrency, and closed to anyone but
 * the orders service.
 */
const { stores, stock } = demoDataset();
const LONDON = stores.find((store) => store.code === "LON01")!;
const WAREHOUSE = stores.find((store) => store.kind === "WAREHOUSE")!;
/** SKUs with at least 10 units free in London, one per scenario so that scenarios never meet. */
const londonSkus = stock.filter((row) => row.storeId === LONDON.id && row.onHand - row.reserved >= 10).map((row) => row.sku);
const sku = (index: number) => londonSkus[index]!;

const ORDERS = as.service("orders");
const RESERVATION = "reference storeId status lines { sku quantity }";
const RESERVATION_WITH_HOLD = `${RESERVATION} expiresAt`;
const RESERVE = `mutation($input: ReserveStockInput!) { reserveStock(input: $input) { ${RESERVATION} } }`;
const RESERVE_WITH_HOLD = `mutation($input: ReserveStockInput!) { reserveStock(input: $input) { ${RESERVATION_WITH_HOLD} } }`;
const RELEASE = `mutation($reference: ID!) { releaseStockReservation(reference: $reference) { ${RESERVATION} } }`;
const FULFIL = `mutation($reference: ID!) { fulfilStockReservation(reference: $reference) { ${RESERVATION} } }`;

let inventory: TestSubgraph<PrismaClient>;
let nextReference = 0;
const reference = () => `order-test-${++nextReference}`;

beforeAll(async () => {
  inventory = await startTestSubgraph(inventorySubgraph);
});

afterAll(async () => {
  await inventory?.stop();
});

function reserve(input: { reference: string; storeId?: string | null; lines: { sku: string; quantity: number }[]; holdSeconds?: number }, headers = ORDERS) {
  return inventory.query(RESERVE, { input: { storeId: LONDON.id, ...input } }, headers);
}

const level = (skuAt: string, storeId = LONDON.id) => stockCounts(inventory.prisma, skuAt, storeId);

describe("who may call", () => {
  it.each([
    ["no service identity", { "x-commerce-channel": "WEB" }, /internal operation/],
    ["another service", as.service("catalog"), /not open to the catalog service/],
  ])("refuses %s with FORBIDDEN and reserves nothing", async (_case, headers, message) => {
    const before = await level(sku(0));
    const error = onlyError(await reserve({ reference: reference(), lines: [{ sku: sku(0), quantity: 1 }] }, headers));
    expect(error.extensions!.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(message);
    expect(await level(sku(0))).toEqual(before);
  });

  it("refuses a service identity signed with another secret (HTTP 401)", async () => {
    const forged = signedCallerHeaders("orders", ANONYMOUS_WEB, "0".repeat(64));
    const response = await reserve({ reference: reference(), lines: [{ sku: sku(0), quantity: 1 }] }, forged);
    expect(response.status).toBe(401);
    expect(onlyError(response).extensions!.code).toBe("UNAUTHENTICATED");
  });
});

describe("reserveStock", () => {
  it("holds every line at the location, counting them as reserved", async () => {
    const [first, second] = [sku(1), sku(2)];
    const before = [await level(first), await level(second)];
    const ref = reference();
    const response = await reserve({ reference: ref, lines: [{ sku: first, quantity: 2 }, { sku: second, quantity: 3 }] });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.reserveStock).toEqual({
      reference: ref,
      storeId: LONDON.id,
      status: "ACTIVE",
      lines: expect.arrayContaining([{ sku: first, quantity: 2 }, { sku: second, quantity: 3 }]),
    });
    expect(await level(first)).toEqual({ onHand: before[0]!.onHand, reserved: before[0]!.reserved + 2 });
    expect(await level(second)).toEqual({ onHand: before[1]!.onHand, reserved: before[1]!.reserved + 3 });
  });

  it("holds nothing when one line cannot be held, and says which and how many are available", async () => {
    const [plenty, scarce] = [sku(3), sku(4)];
    const before = [await level(plenty), await level(scarce)];
    const available = before[1]!.onHand - before[1]!.reserved;
    const ref = reference();
    const error = onlyError(await reserve({ reference: ref, lines: [{ sku: plenty, quantity: 1 }, { sku: scarce, quantity: available + 1 }] }));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "INSUFFICIENT_STOCK", sku: scarce, storeId: LONDON.id, available, requested: available + 1 });
    expect(await level(plenty)).toEqual(before[0]);
    expect(await level(scarce)).toEqual(before[1]);
    expect(await inventory.prisma.stockReservation.findUnique({ where: { reference: ref } })).toBeNull();
  });

  it("answers a repeated reference with the first reservation, holding the units once", async () => {
    const before = await level(sku(5));
    const input = { reference: reference(), lines: [{ sku: sku(5), quantity: 2 }] };
    const first = await reserve(input);
    const again = await reserve(input);
    expect(again.body.data).toEqual(first.body.data);
    // It changed nothing: no cached answer went stale.
    expect(again.body.extensions).toBeUndefined();
    const burst = await Promise.all(Array.from({ length: 5 }, () => reserve({ ...input, reference: `${input.reference}-burst` })));
    expect(burst.filter((response) => response.body.errors)).toEqual([]);
    expect(await level(sku(5))).toEqual({ onHand: before.onHand, reserved: before.reserved + 4 });
  });

  it("refuses a reference reused for other lines", async () => {
    const ref = reference();
    await reserve({ reference: ref, lines: [{ sku: sku(6), quantity: 1 }] });
    const error = onlyError(await reserve({ reference: ref, lines: [{ sku: sku(6), quantity: 2 }] }));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "reference" });
  });

  it("never holds more than is available: 30 concurrent reservations for 6 free units give 6", async () => {
    const contested = sku(7);
    const before = await level(contested);
    await inventory.prisma.stockLevel.update({ where: { sku_storeId: { sku: contested, storeId: LONDON.id } }, data: { onHand: before.reserved + 6 } });

    const responses = await Promise.all(Array.from({ length: 30 }, () => reserve({ reference: reference(), lines: [{ sku: contested, quantity: 1 }] })));
    const held = responses.filter((response) => response.body.data?.reserveStock);
    const refused = responses.filter((response) => response.body.errors?.[0]?.extensions?.reason === "INSUFFICIENT_STOCK");
    expect([held.length, refused.length]).toEqual([6, 24]);
    expect(await level(contested)).toEqual({ onHand: before.reserved + 6, reserved: before.reserved + 6 });
  });

  it("chooses a location holding every line when none is named, warehouses first", async () => {
    const skus = stock.filter((row) => row.storeId === WAREHOUSE.id && row.onHand - row.reserved >= 5).map((row) => row.sku).slice(0, 2);
    const response = await reserve({ reference: reference(), storeId: null, lines: skus.map((candidate) => ({ sku: candidate, quantity: 2 })) });
    expect(response.body.data.reserveStock.storeId).toBe(WAREHOUSE.id);

    const error = onlyError(await reserve({ reference: reference(), storeId: null, lines: [{ sku: skus[0]!, quantity: 1_000 }] }));
    expect(error.extensions).toMatchObject({ reason: "INSUFFICIENT_STOCK", sku: skus[0], storeId: null });
  });

  it.each([
    ["no lines", [], "lines"],
    ["a zero quantity", [{ sku: "NW-0002-SND-34", quantity: 0 }], "lines.0.quantity"],
    ["a quantity over 1000", [{ sku: "NW-0002-SND-34", quantity: 1001 }], "lines.0.quantity"],
    ["the same SKU twice", [{ sku: "NW-0002-SND-34", quantity: 1 }, { sku: "NW-0002-SND-34", quantity: 1 }], "lines"],
  ])("refuses %s with BAD_USER_INPUT", async (_case, lines, argument) => {
    const error = onlyError(await reserve({ reference: reference(), lines }));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });

  it("refuses an unknown store", async () => {
    const error = onlyError(await reserve({ reference: reference(), storeId: "store-atlantis", lines: [{ sku: sku(0), quantity: 1 }] }));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "storeId" });
  });
});

describe("releaseStockReservation and fulfilStockReservation", () => {
  async function held(index: number, quantity: number) {
    const ref = reference();
    const before = await level(sku(index));
    expect((await reserve({ reference: ref, lines: [{ sku: sku(index), quantity }] })).body.errors).toBeUndefined();
    return { ref, before };
  }

  it("release gives the units back once, however often it is called", async () => {
    const { ref, before } = await held(8, 3);
    const released = await inventory.query(RELEASE, { reference: ref }, ORDERS);
    expect(released.body.data.releaseStockReservation.status).toBe("RELEASED");
    expect(await level(sku(8))).toEqual(before);
    expect((await inventory.query(RELEASE, { reference: ref }, ORDERS)).body.data.releaseStockReservation.status).toBe("RELEASED");
    expect(await level(sku(8))).toEqual(before);
  });

  it("a release of a reference never reserved is recorded (a tombstone), and a reserve arriving after it is refused", async () => {
    const ref = reference();
    const before = await level(sku(12));
    const released = await inventory.query(RELEASE, { reference: ref }, ORDERS);
    expect(released.body).toEqual({ data: { releaseStockReservation: { reference: ref, storeId: null, status: "RELEASED", lines: [] } } });
    expect((await inventory.query(RELEASE, { reference: ref }, ORDERS)).body.data.releaseStockReservation.status).toBe("RELEASED");

    const late = onlyError(await reserve({ reference: ref, lines: [{ sku: sku(12), quantity: 1 }] }));
    expect(late.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "RESERVATION_RELEASED", reference: ref });
    expect(await level(sku(12))).toEqual(before);
  });

  it("a reserve and its release racing: whichever arrives first, nothing stays held", async () => {
    const before = await level(sku(13));
    const references = Array.from({ length: 12 }, () => reference());
    await Promise.all(
      references.map((ref, index) => {
        const calls = [() => reserve({ reference: ref, lines: [{ sku: sku(13), quantity: 1 }] }), () => inventory.query(RELEASE, { reference: ref }, ORDERS)];
        return Promise.all((index % 2 === 0 ? calls : calls.reverse()).map((call) => call()));
      }),
    );
    // A release that found the reserve still in flight released it on its second turn; one that came first left a tombstone.
    const released = await Promise.all(references.map((ref) => inventory.query(RELEASE, { reference: ref }, ORDERS)));
    expect(released.map((response) => response.body.data?.releaseStockReservation?.status)).toEqual(references.map(() => "RELEASED"));
    const statuses = await inventory.prisma.stockReservation.findMany({ where: { reference: { in: references } }, select: { status: true } });
    expect(statuses.map((row) => row.status)).toEqual(references.map(() => "RELEASED"));
    expect(await level(sku(13))).toEqual(before);
  });

  it("fulfil takes the units off the shelf as a SALE by the orders service, once", async () => {
    const { ref, before } = await held(9, 2);
    const fulfilled = await inventory.query(FULFIL, { reference: ref }, ORDERS);
    expect(fulfilled.body.data.fulfilStockReservation.status).toBe("FULFILLED");
    expect(await level(sku(9))).toEqual({ onHand: before.onHand - 2, reserved: before.reserved });
    await inventory.query(FULFIL, { reference: ref }, ORDERS);
    expect(await level(sku(9))).toEqual({ onHand: before.onHand - 2, reserved: before.reserved });
    const sales = await inventory.prisma.stockMovement.findMany({ where: { reference: ref } });
    expect(sales).toEqual([expect.objectContaining({ sku: sku(9), storeId: LONDON.id, delta: -2, reason: "SALE", actor: "orders" })]);
  });

  it("a racing release and fulfil: exactly one wins, and the counts follow the winner", async () => {
    const { ref, before } = await held(10, 1);
    const [release, fulfil] = await Promise.all([inventory.query(RELEASE, { reference: ref }, ORDERS), inventory.query(FULFIL, { reference: ref }, ORDERS)]);
    const status = (await inventory.prisma.stockReservation.findUniqueOrThrow({ where: { reference: ref } })).status;
    const after = await level(sku(10));
    if (status === "RELEASED") {
      expect(after).toEqual(before);
      expect(onlyError(fulfil).extensions!.reason).toBe("RESERVATION_RELEASED");
    } else {
      expect(after).toEqual({ onHand: before.onHand - 1, reserved: before.reserved });
      expect(onlyError(release).extensions!.reason).toBe("RESERVATION_FULFILLED");
    }
  });

  it("refuses to fulfil what was never reserved (NOT_FOUND) and to release what has left (BAD_USER_INPUT)", async () => {
    expect(onlyError(await inventory.query(FULFIL, { reference: "order-never-reserved-nor-released" }, ORDERS)).extensions!.code).toBe("NOT_FOUND");
    const { ref } = await held(11, 1);
    await inventory.query(FULFIL, { reference: ref }, ORDERS);
    expect(onlyError(await inventory.query(RELEASE, { reference: ref }, ORDERS)).extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      reason: "RESERVATION_FULFILLED",
    });
  });
});

describe("events", () => {
  it("publishes StockChanged for each line reserved, released and fulfilled, after commit", async () => {
    const collector = await collectDomainEvents(inventory);
    try {
      const kept = reference();
      const given = reference();
      await reserve({ reference: kept, lines: [{ sku: sku(12), quantity: 1 }] });
      await reserve({ reference: given, lines: [{ sku: sku(12), quantity: 1 }] });
      await inventory.query(FULFIL, { reference: kept }, ORDERS);
      await inventory.query(RELEASE, { reference: given }, ORDERS);
      await inventory.events.flush();
      for (let attempt = 0; attempt < 50 && collector.events.length < 4; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
      const changes = collector.events.filter((event) => event.aggregateId === `${sku(12)}@${LONDON.id}`);
      expect(changes.map((event) => [event.type, event.payload.cause, event.payload.reference])).toEqual([
        ["StockChanged", "RESERVED", kept],
        ["StockChanged", "RESERVED", given],
        ["StockChanged", "FULFILLED", kept],
        ["StockChanged", "RELEASED", given],
      ]);
      const final = await level(sku(12));
      expect(changes[3]!.payload).toMatchObject({ sku: sku(12), storeId: LONDON.id, ...final, available: final.onHand - final.reserved, actor: "orders" });
    } finally {
      await collector.stop();
    }
  });
});

describe("invalidation tags", () => {
  // Each call that moves counts reports every variant of the reservation, and inventory's root fields.
  const tagsOf = (...skus: string[]) => [...skus.map((changed) => `e:ProductVariant:{"sku":"${changed}"}`), "r:inventory"];
  const lines = [
    { sku: sku(13), quantity: 1 },
    { sku: sku(14), quantity: 2 },
  ];

  it("reserve, release and fulfil each report the reservation's variants", async () => {
    const released = reference();
    const reserved = await reserve({ reference: released, lines });
    expect(reserved.body.errors).toBeUndefined();
    expect(reserved.body.extensions?.invalidates).toEqual(expect.arrayContaining(tagsOf(sku(13), sku(14))));
    expect(reserved.body.extensions?.invalidates).toHaveLength(3);
    const release = await inventory.query(RELEASE, { reference: released }, ORDERS);
    expect(release.body.extensions?.invalidates).toEqual(expect.arrayContaining(tagsOf(sku(13), sku(14))));

    const fulfilled = reference();
    await reserve({ reference: fulfilled, lines: [lines[0]!] });
    const fulfil = await inventory.query(FULFIL, { reference: fulfilled }, ORDERS);
    expect(fulfil.body.errors).toBeUndefined();
    expect(fulfil.body.extensions?.invalidates).toEqual(tagsOf(sku(13)));
  });

  it("reports nothing when nothing changed: a repeated release, a refused reservation", async () => {
    const released = reference();
    await reserve({ reference: released, lines: [lines[0]!] });
    await inventory.query(RELEASE, { reference: released }, ORDERS);
    const again = await inventory.query(RELEASE, { reference: released }, ORDERS);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.extensions).toBeUndefined();

    const tooMany = await reserve({ reference: reference(), lines: [{ sku: sku(13), quantity: 1000 }] });
    expect(tooMany.body.errors![0]!.extensions).toMatchObject({ reason: "INSUFFICIENT_STOCK" });
    expect(tooMany.body.extensions).toBeUndefined();
  });
});

describe("holds: expiredStockReservations and confirmStockReservations", () => {
  const EXPIRED = `query($first: Int!) { expiredStockReservations(first: $first) { reference status expiresAt } }`;
  const CONFIRM = `mutation($references: [ID!]!) { confirmStockReservations(references: $references) { reference status expiresAt } }`;

  it("a reservation with a hold expires, is listed to its holder once expired, and no longer after confirmation", async () => {
    const [held, kept, released] = [reference(), reference(), reference()];
    for (const ref of [held, kept, released]) {
      const input = { reference: ref, storeId: LONDON.id, lines: [{ sku: sku(14), quantity: 1 }], holdSeconds: 30 };
      const response = await inventory.query(RESERVE_WITH_HOLD, { input }, ORDERS);
      expect(Date.parse(response.body.data.reserveStock.expiresAt ?? "")).toBeGreaterThan(Date.now() + 25_000);
    }
    await inventory.query(RELEASE, { reference: released }, ORDERS);
    const expiredRefs = async () => (await inventory.query(EXPIRED, { first: 500 }, ORDERS)).body.data.expiredStockReservations.map((row: { reference: string }) => row.reference);
    expect(await expiredRefs()).not.toContain(held);

    // Time passes (as the database sees it): the holds of all three are over.
    await inventory.prisma.stockReservation.updateMany({ where: { reference: { in: [held, kept, released] } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await expiredRefs();
    expect(expired).toEqual(expect.arrayContaining([held, kept]));
    expect(expired).not.toContain(released);

    const confirmed = await inventory.query(CONFIRM, { references: [kept, released] }, ORDERS);
    expect(confirmed.body.data.confirmStockReservations).toEqual([{ reference: kept, status: "ACTIVE", expiresAt: null }]);
    expect(await expiredRefs()).not.toContain(kept);
    expect(await expiredRefs()).toContain(held);
  });

  it("is open to the orders service only, and bounds its page and its hold", async () => {
    expect(onlyError(await inventory.query(EXPIRED, { first: 10 }, as.service("catalog"))).extensions!.code).toBe("FORBIDDEN");
    expect(onlyError(await inventory.query(CONFIRM, { references: [] }, as.admin())).extensions!.code).toBe("FORBIDDEN");
    expect(onlyError(await inventory.query(EXPIRED, { first: 501 }, ORDERS)).extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "first" });
    const error = onlyError(await reserve({ reference: reference(), lines: [{ sku: sku(14), quantity: 1 }], holdSeconds: 0 }));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "holdSeconds" });
  });
});
