import { keyViolations, type KeyOutcome, type StockSnapshot, stockViolations } from "./stockInvariants";

/** The checker itself, on hand-made snapshots: consistent ones pass, and each kind of breach is named. */
const now = new Date("2026-12-05T12:00:00Z");
const since = new Date("2026-12-05T11:59:00Z");
const line = (sku: string, quantity = 1) => ({ sku, quantity });

function consistent(): StockSnapshot {
  return {
    takenAt: now,
    stock: [
      { sku: "A", storeId: "s1", onHand: 12, reserved: 2 },
      { sku: "B", storeId: "s1", onHand: 5, reserved: 1 },
    ],
    reservations: [
      { reference: "order-1", storeId: "s1", status: "ACTIVE", expiresAt: null, lines: [line("A")] },
      { reference: "attempt-live", storeId: "s1", status: "ACTIVE", expiresAt: now, lines: [line("A")] },
      { reference: "order-seeded", storeId: "s1", status: "ACTIVE", expiresAt: null, lines: [line("B")] },
      { reference: "order-gone", storeId: "s1", status: "RELEASED", expiresAt: null, lines: [line("A")] },
    ],
    orders: [
      { id: "order-1", status: "PLACED", pickupStoreId: "s1", placedAt: now, lines: [line("A")] },
      { id: "order-seeded", status: "READY_FOR_PICKUP", pickupStoreId: "s1", placedAt: since, lines: [line("B")] },
      { id: "order-gone", status: "CANCELLED", pickupStoreId: "s1", placedAt: now, lines: [line("A")] },
    ],
    checkouts: [
      { idempotencyKey: "key-1", status: "COMPLETED", orderId: "order-1", leaseExpiresAt: null },
      { idempotencyKey: "key-2", status: "PENDING", orderId: "attempt-live", leaseExpiresAt: new Date(now.getTime() + 1000) },
      { idempotencyKey: "key-3", status: "FAILED", orderId: "attempt-failed", leaseExpiresAt: null },
      { idempotencyKey: "key-4", status: "COMPLETED", orderId: "order-gone", leaseExpiresAt: null },
    ],
    pendingReleases: [],
  };
}

const outcomes = (): KeyOutcome[] => [
  { key: "key-1", outcome: "order", orderId: "order-1", longestConflictMs: 4000 },
  { key: "key-3", outcome: "refused", code: "BAD_USER_INPUT", reason: "INSUFFICIENT_STOCK", longestConflictMs: 0 },
  { key: "key-4", outcome: "order", orderId: "order-gone", longestConflictMs: 0 },
];
const expectation = { maxConflictMs: 6000, sku: "A", since };

describe("stockViolations", () => {
  it("passes a consistent snapshot: reserved is the ACTIVE reservations, every holding order has its own, a live attempt may hold one", () => {
    expect(stockViolations(consistent())).toEqual([]);
  });

  it("names a stock row whose reserved differs from its ACTIVE reservations", () => {
    const snapshot = consistent();
    snapshot.stock[0]!.reserved = 3;
    expect(stockViolations(snapshot)).toEqual(["A@s1: reserved 3, but its ACTIVE reservations hold 2"]);
  });

  it("names a negative stock row", () => {
    const snapshot = consistent();
    snapshot.stock.push({ sku: "C", storeId: "s1", onHand: -1, reserved: 0 });
    expect(stockViolations(snapshot)).toEqual(["C@s1: negative stock (onHand -1, reserved 0)"]);
  });

  it("names a holding order without its reservation, or with other lines or at another store", () => {
    const missing = consistent();
    missing.reservations[2]!.status = "RELEASED";
    missing.stock[1]!.reserved = 0;
    expect(stockViolations(missing)).toEqual(["order order-seeded is READY_FOR_PICKUP but its reservation is RELEASED"]);

    const other = consistent();
    other.reservations[0]!.lines = [line("A", 2)];
    other.reservations[0]!.storeId = "s1";
    other.stock[0]!.reserved = 3;
    other.orders[0]!.pickupStoreId = "s2";
    expect(stockViolations(other)).toEqual([
      "order order-1: reservation lines 2xA differ from the order's 1xA",
      "order order-1: reserved at s1, to be picked up at s2",
    ]);
  });

  it("names an ACTIVE reservation whose attempt's lease has run out, or which nothing owns", () => {
    const expired = consistent();
    expired.checkouts[1]!.leaseExpiresAt = new Date(now.getTime() - 1);
    expect(stockViolations(expired)).toEqual(["reservation attempt-live (1xA at s1) is ACTIVE with no order holding stock and no live attempt"]);

    const cancelled = consistent();
    cancelled.reservations[3]!.status = "ACTIVE";
    cancelled.stock[0]!.reserved = 3;
    expect(stockViolations(cancelled)).toEqual(["reservation order-gone (1xA at s1) is ACTIVE with no order holding stock and no live attempt"]);
  });
});

describe("keyViolations", () => {
  it("passes when every key has its order or a clear refusal, and every new order of the SKU is some key's", () => {
    expect(keyViolations(consistent(), outcomes(), expectation)).toEqual([]);
  });

  it("names a key that answered CONFLICT past the bound, or settled on nothing, or on an unclear failure", () => {
    const keys = outcomes();
    keys[0]!.longestConflictMs = 6001;
    keys.push({ key: "key-2", outcome: "unsettled", code: "CONFLICT", longestConflictMs: 0 });
    keys[1]!.reason = undefined;
    keys[1]!.code = "INTERNAL_SERVER_ERROR";
    expect(keyViolations(consistent(), keys, expectation)).toEqual([
      "key key-1 answered CONFLICT for 6001 ms, longer than 6000 ms",
      "key key-3 ended with INTERNAL_SERVER_ERROR , not a clear refusal",
      "key key-2 had no order and no clear failure before the deadline (last: CONFLICT)",
    ]);
  });

  it("names an answered order that the tables do not back, and an order no key answered", () => {
    const snapshot = consistent();
    snapshot.checkouts[0]!.status = "PENDING";
    snapshot.orders.push({ id: "order-stray", status: "PLACED", pickupStoreId: "s1", placedAt: now, lines: [line("A")] });
    expect(keyViolations(snapshot, outcomes(), expectation)).toEqual([
      "key key-1 answered order order-1, but its checkout is PENDING under order-1",
      "order order-stray of A was placed, but no key answered it",
    ]);
  });
});
