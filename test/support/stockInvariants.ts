import type pg from "pg";

/**
 * The checkout saga's invariants over inventory's and orders' real tables (the `inventory` and
 * `orders` schemas of prisma/), read with plain SQL in one REPEATABLE READ transaction so the two
 * domains are seen at one instant: never through the code under test.
 */
export interface StockSnapshot {
  takenAt: Date;
  stock: { sku: string; storeId: string; onHand: number; reserved: number }[];
  reservations: { reference: string; storeId: string | null; status: string; expiresAt: Date | null; lines: Line[] }[];
  orders: { id: string; status: string; pickupStoreId: string | null; placedAt: Date; lines: Line[] }[];
  checkouts: { idempotencyKey: string; status: string; orderId: string; leaseExpiresAt: Date | null }[];
  pendingReleases: string[];
}

export interface Line {
  sku: string;
  quantity: number;
}

/** Orders whose units are still rightly held in inventory. */
const HOLDING = new Set(["PLACED", "READY_FOR_PICKUP"]);

export async function readStockSnapshot(db: pg.ClientBase): Promise<StockSnapshot> {
  await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const { rows: [{ now }] } = await db.query<{ now: Date }>("SELECT now() AS now");
    const stock = (await db.query(`SELECT sku, "storeId", "onHand", reserved FROM inventory."StockLevel"`)).rows;
    const reservations = (
      await db.query(`SELECT reference, "storeId", status::text AS status, "expiresAt" FROM inventory."StockReservation" WHERE status = 'ACTIVE' OR "storeId" IS NOT NULL`)
    ).rows;
    const reservationLines = (await db.query(`SELECT reference, sku, quantity FROM inventory."StockReservationLine"`)).rows;
    const orders = (await db.query(`SELECT id, status::text AS status, "pickupStoreId", "placedAt" FROM orders."Order"`)).rows;
    const orderLines = (await db.query(`SELECT "orderId", sku, quantity FROM orders."OrderLine"`)).rows;
    const checkouts = (await db.query(`SELECT "idempotencyKey", status::text AS status, "orderId", "leaseExpiresAt" FROM orders."Checkout"`)).rows;
    const pendingReleases = (await db.query(`SELECT reference FROM orders."PendingRelease"`)).rows.map((row) => row.reference as string);
    await db.query("COMMIT");
    const linesBy = (rows: { sku: string; quantity: number }[], key: (row: any) => string) => {
      const map = new Map<string, Line[]>();
      for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), { sku: row.sku, quantity: row.quantity }]);
      return map;
    };
    const resLines = linesBy(reservationLines, (row) => row.reference);
    const ordLines = linesBy(orderLines, (row) => row.orderId);
    return {
      takenAt: now,
      stock,
      reservations: reservations.map((row) => ({ ...row, lines: resLines.get(row.reference) ?? [] })),
      orders: orders.map((row) => ({ ...row, lines: ordLines.get(row.id) ?? [] })),
      checkouts,
      pendingReleases,
    };
  } catch (error) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * What must hold once the saga has had its documented time (empty when it does):
 * 1. no stock row negative: 0 <= reserved <= onHand;
 * 2. every stock row's `reserved` is the sum of its ACTIVE reservations' lines;
 * 3. every PLACED or READY_FOR_PICKUP order (seeded ones included) has exactly its reservation:
 *    ACTIVE under the order's id, the same lines, at its pickup store when it has one;
 * 4. no ACTIVE reservation without such an order or a live attempt (a PENDING checkout under
 *    that reference whose lease has not run out).
 */
export function stockViolations(snapshot: StockSnapshot): string[] {
  const violations: string[] = [];
  const held = new Map<string, number>();
  for (const reservation of snapshot.reservations) {
    if (reservation.status !== "ACTIVE") continue;
    for (const line of reservation.lines) {
      const key = `${line.sku}@${reservation.storeId}`;
      held.set(key, (held.get(key) ?? 0) + line.quantity);
    }
  }
  const rows = new Set<string>();
  for (const row of snapshot.stock) {
    const key = `${row.sku}@${row.storeId}`;
    rows.add(key);
    if (row.onHand < 0 || row.reserved < 0 || row.reserved > row.onHand) violations.push(`${key}: negative stock (onHand ${row.onHand}, reserved ${row.reserved})`);
    const active = held.get(key) ?? 0;
    if (row.reserved !== active) violations.push(`${key}: reserved ${row.reserved}, but its ACTIVE reservations hold ${active}`);
  }
  for (const key of held.keys()) if (!rows.has(key)) violations.push(`${key}: ACTIVE reservations hold ${held.get(key)} units of a stock row that does not exist`);

  const reservations = new Map(snapshot.reservations.map((reservation) => [reservation.reference, reservation]));
  const holdingOrders = new Set<string>();
  for (const order of snapshot.orders) {
    if (!HOLDING.has(order.status)) continue;
    holdingOrders.add(order.id);
    const reservation = reservations.get(order.id);
    if (!reservation || reservation.status !== "ACTIVE") {
      violations.push(`order ${order.id} is ${order.status} but its reservation is ${reservation ? reservation.status : "missing"}`);
      continue;
    }
    if (!sameLines(reservation.lines, order.lines)) {
      violations.push(`order ${order.id}: reservation lines ${describeLines(reservation.lines)} differ from the order's ${describeLines(order.lines)}`);
    }
    if (order.pickupStoreId && reservation.storeId !== order.pickupStoreId) {
      violations.push(`order ${order.id}: reserved at ${reservation.storeId}, to be picked up at ${order.pickupStoreId}`);
    }
  }
  const liveAttempts = new Set(
    snapshot.checkouts
      .filter((checkout) => checkout.status === "PENDING" && checkout.leaseExpiresAt !== null && checkout.leaseExpiresAt.getTime() > snapshot.takenAt.getTime())
      .map((checkout) => checkout.orderId),
  );
  for (const reservation of snapshot.reservations) {
    if (reservation.status !== "ACTIVE" || holdingOrders.has(reservation.reference) || liveAttempts.has(reservation.reference)) continue;
    violations.push(`reservation ${reservation.reference} (${describeLines(reservation.lines)} at ${reservation.storeId}) is ACTIVE with no order holding stock and no live attempt`);
  }
  return violations;
}

/** What a client got in the end for one idempotency key, retried until it had an answer. */
export interface KeyOutcome {
  key: string;
  /** "order": the checkout placed (or returned) this order; "refused": a clear failure; "unsettled": no answer before the deadline. */
  outcome: "order" | "refused" | "unsettled";
  orderId?: string;
  /** The last error's extensions.code and reason (for "refused" and "unsettled"). */
  code?: string;
  reason?: string;
  /** The longest stretch during which the key answered CONFLICT, first to last CONFLICT answer. */
  longestConflictMs: number;
}

/** The failures a client may take as the end of a checkout (it can fix the cart, or try again later). */
export const CLEAR_REFUSALS = new Set(["INSUFFICIENT_STOCK"]);

/**
 * 5. every key retried yields one order or a clear refusal, never CONFLICT for longer than
 *    `maxConflictMs` (the lease, and a margin for the time a request waits before answering it);
 * an order key's checkout row is COMPLETED under that order, which exists; a refused key's is
 * FAILED with no order; and every order of the scenario's `sku` placed since `since` is some
 * key's answer (no order a client never heard of, no second order for a key).
 */
export function keyViolations(snapshot: StockSnapshot, outcomes: KeyOutcome[], expect: { maxConflictMs: number; sku: string; since: Date }): string[] {
  const violations: string[] = [];
  const checkouts = new Map(snapshot.checkouts.map((checkout) => [checkout.idempotencyKey, checkout]));
  const orders = new Map(snapshot.orders.map((order) => [order.id, order]));
  const answered = new Set<string>();
  for (const outcome of outcomes) {
    const checkout = checkouts.get(outcome.key);
    if (outcome.longestConflictMs > expect.maxConflictMs) {
      violations.push(`key ${outcome.key} answered CONFLICT for ${outcome.longestConflictMs} ms, longer than ${expect.maxConflictMs} ms`);
    }
    if (outcome.outcome === "unsettled") {
      violations.push(`key ${outcome.key} had no order and no clear failure before the deadline (last: ${outcome.code ?? "no answer"}${outcome.reason ? ` ${outcome.reason}` : ""})`);
    } else if (outcome.outcome === "order") {
      answered.add(outcome.orderId!);
      if (!orders.has(outcome.orderId!)) violations.push(`key ${outcome.key} answered order ${outcome.orderId}, which does not exist`);
      if (checkout?.status !== "COMPLETED" || checkout.orderId !== outcome.orderId) {
        violations.push(`key ${outcome.key} answered order ${outcome.orderId}, but its checkout is ${checkout ? `${checkout.status} under ${checkout.orderId}` : "missing"}`);
      }
    } else {
      if (!CLEAR_REFUSALS.has(outcome.reason ?? outcome.code ?? "")) violations.push(`key ${outcome.key} ended with ${outcome.code} ${outcome.reason ?? ""}, not a clear refusal`);
      if (checkout?.status !== "FAILED") violations.push(`key ${outcome.key} was refused, but its checkout is ${checkout?.status ?? "missing"}`);
      if (checkout && orders.has(checkout.orderId)) violations.push(`key ${outcome.key} was refused, but order ${checkout.orderId} exists under it`);
    }
  }
  for (const order of snapshot.orders) {
    if (order.placedAt.getTime() < expect.since.getTime() || !order.lines.some((line) => line.sku === expect.sku)) continue;
    if (!answered.has(order.id)) violations.push(`order ${order.id} of ${expect.sku} was placed, but no key answered it`);
  }
  return violations;
}

function sameLines(a: Line[], b: Line[]): boolean {
  return describeLines(a) === describeLines(b);
}

function describeLines(lines: Line[]): string {
  return [...lines].sort((x, y) => x.sku.localeCompare(y.sku)).map((line) => `${line.quantity}x${line.sku}`).join(",") || "no lines";
}
