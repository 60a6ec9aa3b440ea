import { demoDataset } from "../../../prisma/seed";
import { collectDomainEvents } from "../../../test/support/domainEvents";
import { onlyError } from "../../../test/support/assertions";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import { stockCounts } from "../../../test/support/stockCounts";
import { catalogSubgraph } from "../../catalog/src/subgraph";
import type { PrismaClient } from "./generated/prisma/client";
import { createInventorySubgraph } from "./subgraph";

/**
 * Handheld stock work: adjustments with a reason that land as movements (who, when, why), exact
 * under concurrency and never below what orders hold; shelf moves; only in the associate's store.
 */
const { stores, stock } = demoDataset();
const LONDON = stores.find((store) => store.code === "LON01")!;
const MANCHESTER = stores.find((store) => store.code !== "LON01" && store.kind === "STORE")!;
const londonSkus = stock.filter((row) => row.storeId === LONDON.id && row.onHand - row.reserved >= 10).map((row) => row.sku);
const sku = (index: number) => londonSkus[index]!;

const associate = (storeId: string, associateId = "assoc-ana") => ({
  "x-commerce-channel": "HANDHELD",
  "x-commerce-store": storeId,
  "x-commerce-associate": associateId,
});
const ADJUST = `mutation($input: AdjustStockInput!) {
  adjustStock(input: $input) { delta reason actor note occurredAt stockLevel { onHand reserved available } }
}`;
const SET_SHELF = `mutation($input: SetShelfLocationInput!) {
  setShelfLocation(input: $input) { shelfLocation { aisle bay shelf } stock { onHand } store { id } }
}`;

let catalog: TestSubgraph<unknown>;
let inventory: TestSubgraph<PrismaClient>;

beforeAll(async () => {
  catalog = await startTestSubgraph(catalogSubgraph);
  inventory = await startTestSubgraph(createInventorySubgraph({ catalogUrl: catalog.url }));
});

afterAll(async () => {
  await inventory?.stop();
  await catalog?.stop();
});

type AdjustInput = { sku: string; storeId?: string; reason: string; delta?: number; countedQuantity?: number; note?: string };

function adjust(input: AdjustInput, headers: Record<string, string> = associate(input.storeId ?? LONDON.id)) {
  return inventory.query(ADJUST, { input: { storeId: LONDON.id, ...input } }, headers);
}

const level = (skuAt: string, storeId = LONDON.id) => stockCounts(inventory.prisma, skuAt, storeId);

describe("adjustStock", () => {
  it("records a cycle count as the movement from the old count to the counted one, by the associate", async () => {
    const before = await level(sku(0));
    const response = await adjust({ sku: sku(0), reason: "CYCLE_COUNT", countedQuantity: before.onHand + 3, note: "  aisle recount  " });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.adjustStock).toMatchObject({
      delta: 3,
      reason: "CYCLE_COUNT",
      actor: "assoc-ana",
      note: "aisle recount",
      stockLevel: { onHand: before.onHand + 3, reserved: before.reserved, available: before.onHand + 3 - before.reserved },
    });
    expect(Date.now() - Date.parse(response.body.data.adjustStock.occurredAt)).toBeLessThan(60_000);
    const movements = await inventory.prisma.stockMovement.aggregate({ where: { sku: sku(0), storeId: LONDON.id }, _sum: { delta: true } });
    expect(movements._sum.delta).toBe(before.onHand + 3);
  });

  it.each([
    ["DAMAGED", -2],
    ["RECEIVED", 12],
    ["FOUND", 1],
    ["RETURN", 1],
  ])("applies a %s of %i", async (reason, delta) => {
    const before = await level(sku(1));
    expect((await adjust({ sku: sku(1), reason, delta })).body.data.adjustStock).toMatchObject({ delta, reason });
    expect(await level(sku(1))).toEqual({ ...before, onHand: before.onHand + delta });
  });

  it.each([
    ["a DAMAGED that adds", { reason: "DAMAGED", delta: 2 }, "delta"],
    ["a RECEIVED that removes", { reason: "RECEIVED", delta: -2 }, "delta"],
    ["a zero delta", { reason: "FOUND", delta: 0 }, "delta"],
    ["a RECEIVED without a delta", { reason: "RECEIVED" }, "delta"],
    ["a CYCLE_COUNT with a delta", { reason: "CYCLE_COUNT", delta: 1, countedQuantity: 4 }, "delta"],
    ["a CYCLE_COUNT without a count", { reason: "CYCLE_COUNT" }, "countedQuantity"],
    ["a negative count", { reason: "CYCLE_COUNT", countedQuantity: -1 }, "countedQuantity"],
    ["a count on a DAMAGED", { reason: "DAMAGED", delta: -1, countedQuantity: 3 }, "countedQuantity"],
    ["a note over 500 characters", { reason: "FOUND", delta: 1, note: "x".repeat(501) }, "note"],
  ])("refuses %s with BAD_USER_INPUT, changing nothing", async (_case, input, argument) => {
    const before = await level(sku(2));
    expect(onlyError(await adjust({ sku: sku(2), ...input })).extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
    expect(await level(sku(2))).toEqual(before);
  });

  it("never takes on-hand below the units reserved for orders", async () => {
    const target = sku(3);
    await inventory.prisma.stockLevel.update({ where: { sku_storeId: { sku: target, storeId: LONDON.id } }, data: { onHand: 10, reserved: 4 } });
    const count = onlyError(await adjust({ sku: target, reason: "CYCLE_COUNT", countedQuantity: 3 }));
    expect(count.extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "RESERVED_STOCK", onHand: 10, reserved: 4, delta: -7 });
    expect(count.message).toContain("4 are reserved for orders");
    expect(onlyError(await adjust({ sku: target, reason: "DAMAGED", delta: -7 })).extensions!.reason).toBe("RESERVED_STOCK");
    expect(await level(target)).toEqual({ onHand: 10, reserved: 4 });
    expect((await adjust({ sku: target, reason: "DAMAGED", delta: -6 })).body.errors).toBeUndefined();
    expect(await level(target)).toEqual({ onHand: 4, reserved: 4 });
  });

  it("keeps every concurrent adjustment: 20 receipts and 10 write-offs at once end exactly 10 up", async () => {
    const target = sku(4);
    const before = await level(target);
    const responses = await Promise.all([
      ...Array.from({ length: 20 }, () => adjust({ sku: target, reason: "RECEIVED", delta: 1 })),
      ...Array.from({ length: 10 }, () => adjust({ sku: target, reason: "DAMAGED", delta: -1 })),
    ]);
    expect(responses.filter((response) => response.body.errors)).toEqual([]);
    expect(await level(target)).toEqual({ ...before, onHand: before.onHand + 10 });
    expect(await inventory.prisma.stockMovement.count({ where: { sku: target, storeId: LONDON.id, actor: "assoc-ana" } })).toBe(30);
  });

  it("starts the record of a variant first received in the store, and refuses SKUs catalog does not sell", async () => {
    // The demo stocks every variant everywhere: forget London's record of one, as if it had never stocked it.
    const where = { sku: sku(9), storeId: LONDON.id };
    await inventory.prisma.$transaction([
      inventory.prisma.stockMovement.deleteMany({ where }),
      inventory.prisma.shelfLocation.deleteMany({ where }),
      inventory.prisma.stockLevel.deleteMany({ where }),
    ]);
    const received = await adjust({ sku: sku(9), reason: "RECEIVED", delta: 6 });
    expect(received.body.data.adjustStock.stockLevel).toEqual({ onHand: 6, reserved: 0, available: 6 });

    const unknown = onlyError(await adjust({ sku: "NW-9999-NOPE", reason: "RECEIVED", delta: 1 }));
    expect(unknown.extensions).toMatchObject({ code: "NOT_FOUND", sku: "NW-9999-NOPE" });
    const notStocked = onlyError(await adjust({ sku: "NW-9999-NOPE", reason: "DAMAGED", delta: -1 }));
    expect(notStocked.extensions).toMatchObject({ code: "NOT_FOUND", sku: "NW-9999-NOPE", storeId: LONDON.id });
    expect(await inventory.prisma.stockLevel.count({ where: { sku: "NW-9999-NOPE" } })).toBe(0);
  });

  it.each([
    ["a caller who is not an associate", { "x-commerce-channel": "WEB" }, /needs a signed-in store associate/],
    ["an associate of another store", associate(MANCHESTER.id), new RegExp(`this associate works at ${MANCHESTER.id}`)],
  ])("refuses %s with FORBIDDEN", async (_case, headers, message) => {
    const before = await level(sku(5));
    const error = onlyError(await adjust({ sku: sku(5), reason: "FOUND", delta: 1 }, headers));
    expect(error.extensions!.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(message);
    expect(await level(sku(5))).toEqual(before);
  });

  it("refuses an unknown store", async () => {
    const error = onlyError(await adjust({ sku: sku(5), storeId: "store-atlantis", reason: "FOUND", delta: 1 }));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "storeId" });
  });
});

describe("setShelfLocation", () => {
  const input = (overrides: Record<string, string> = {}) => ({ sku: sku(6), storeId: LONDON.id, aisle: "B7", bay: "03", shelf: "2", ...overrides });

  it("moves the item and answers where it now sits, with its stock", async () => {
    const response = await inventory.query(SET_SHELF, { input: input() }, associate(LONDON.id));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.setShelfLocation).toEqual({
      shelfLocation: { aisle: "B7", bay: "03", shelf: "2" },
      stock: { onHand: (await level(sku(6))).onHand },
      store: { id: LONDON.id },
    });
    const located = await inventory.query(`{ locateItem(storeId: "${LONDON.id}", sku: "${sku(6)}") { shelfLocation { aisle bay shelf } } }`);
    expect(located.body.data.locateItem).toEqual([{ shelfLocation: { aisle: "B7", bay: "03", shelf: "2" } }]);
  });

  it.each([
    ["an empty aisle", { aisle: " " }, "aisle"],
    ["a bay with spaces", { bay: "3 4" }, "bay"],
    ["a shelf over 16 characters", { shelf: "S".repeat(17) }, "shelf"],
  ])("refuses %s with BAD_USER_INPUT", async (_case, overrides, argument) => {
    const error = onlyError(await inventory.query(SET_SHELF, { input: input(overrides) }, associate(LONDON.id)));
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
  });

  it("refuses an item the store does not stock (NOT_FOUND) and another store's associate (FORBIDDEN)", async () => {
    const missing = onlyError(await inventory.query(SET_SHELF, { input: input({ sku: "NW-9999-NOPE" }) }, associate(LONDON.id)));
    expect(missing.extensions).toMatchObject({ code: "NOT_FOUND", sku: "NW-9999-NOPE" });
    expect(onlyError(await inventory.query(SET_SHELF, { input: input() }, associate(MANCHESTER.id))).extensions!.code).toBe("FORBIDDEN");
  });
});

describe("events", () => {
  it("publishes StockChanged for an adjustment and ShelfLocationChanged for a move, each naming the associate", async () => {
    const collector = await collectDomainEvents(inventory);
    try {
      const target = sku(7);
      const before = await level(target);
      const previousShelf = await inventory.prisma.shelfLocation.findUnique({ where: { sku_storeId: { sku: target, storeId: LONDON.id } } });
      await adjust({ sku: target, reason: "DAMAGED", delta: -1 });
      await inventory.query(SET_SHELF, { input: { sku: target, storeId: LONDON.id, aisle: "C1", bay: "1", shelf: "1" } }, associate(LONDON.id));
      await inventory.events.flush();
      for (let attempt = 0; attempt < 50 && collector.events.length < 2; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));

      const events = collector.events.filter((event) => event.aggregateId === `${target}@${LONDON.id}`);
      expect(events.map((event) => event.type)).toEqual(["StockChanged", "ShelfLocationChanged"]);
      expect(events[0]!.payload).toEqual({
        sku: target,
        storeId: LONDON.id,
        onHand: before.onHand - 1,
        reserved: before.reserved,
        available: before.onHand - 1 - before.reserved,
        onHandDelta: -1,
        reservedDelta: 0,
        cause: "ADJUSTMENT",
        reason: "DAMAGED",
        reference: null,
        actor: "assoc-ana",
      });
      expect(events[1]!.payload).toEqual({
        sku: target,
        storeId: LONDON.id,
        from: previousShelf && { aisle: previousShelf.aisle, bay: previousShelf.bay, shelf: previousShelf.shelf },
        to: { aisle: "C1", bay: "1", shelf: "1" },
        actor: "assoc-ana",
      });
    } finally {
      await collector.stop();
    }
  });

  it("publishes nothing for a refused adjustment", async () => {
    const collector = await collectDomainEvents(inventory);
    try {
      await adjust({ sku: sku(8), reason: "DAMAGED", delta: 5 });
      await inventory.events.flush();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(collector.events).toEqual([]);
    } finally {
      await collector.stop();
    }
  });
});

describe("invalidation tags", () => {
  // What the gateway drops from its caches: the variant's entity and inventory's root fields.
  const tagsOf = (skuChanged: string) => [`e:ProductVariant:{"sku":"${skuChanged}"}`, "r:inventory"];

  it("adjustStock reports the variant it changed, and is never cacheable", async () => {
    const response = await adjust({ sku: sku(10), reason: "RECEIVED", delta: 2 });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.extensions?.invalidates).toEqual(tagsOf(sku(10)));
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("setShelfLocation reports the variant it moved, and is never cacheable though it returns stock", async () => {
    const response = await inventory.query(SET_SHELF, { input: { sku: sku(10), storeId: LONDON.id, aisle: "Z9", bay: "01", shelf: "1" } }, associate(LONDON.id));
    expect(response.body.errors).toBeUndefined();
    expect(response.body.extensions?.invalidates).toEqual(tagsOf(sku(10)));
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("a refused change reports nothing", async () => {
    const forbidden = await adjust({ sku: sku(10), reason: "RECEIVED", delta: 2 }, associate(MANCHESTER.id));
    expect(forbidden.body.errors).toBeDefined();
    expect(forbidden.body.extensions).toBeUndefined();
    const below = await adjust({ sku: sku(10), reason: "CYCLE_COUNT", countedQuantity: -1 });
    expect(below.body.errors).toBeDefined();
    expect(below.body.extensions).toBeUndefined();
  });
});

