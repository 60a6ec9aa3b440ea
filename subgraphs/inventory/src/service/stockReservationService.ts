import { badUserInput, invalidState, notFound } from "@platform/errors";
import { failpoint } from "@subgraph-kit";
import { type RequestCaller, requireService } from "@platform/caller";
import { Prisma, type PrismaClient, StockMovementReason, StockReservationStatus } from "../generated/prisma/client";
import type { ReservationLineInput, ReserveStockInput } from "../schema/stockReservation";
import { type InventoryEvent, type Level, recordInventoryEvents, type StockChangeCause, stockChanged } from "./inventoryEvents";
import { reportStockChanged } from "./invalidation";
import { type InventoryMetrics, NO_INVENTORY_METRICS } from "./inventoryMetrics";
import type { StoreService } from "./storeService";

/** The services that may hold, release and fulfil stock. */
const RESERVING_SERVICES = ["orders"] as const;
const MAX_LINES = 100;
const MAX_QUANTITY = 1000;
/** Locations tried in turn when the caller lets inventory choose one; each try is one transaction. */
const MAX_CANDIDATE_LOCATIONS = 3;
const MAX_HOLD_SECONDS = 86_400;
const MAX_EXPIRED_PAGE = 500;
const MAX_CONFIRM_REFERENCES = 500;

export type ReservationRecord = Prisma.StockReservationGetPayload<{ include: { lines: true } }>;

/**
 * Reservations: the orders service's checkout holds stock here before it writes an order, and
 * releases or fulfils it as the order moves on. Every call is idempotent per reference.
 *
 * No oversell: each line is taken with one conditional UPDATE (`onHand - reserved >= quantity`),
 * which PostgreSQL re-checks after waiting for a concurrent writer's row lock, so concurrent
 * checkouts queue on the row and exactly as many succeed as there are units. The lines and the
 * reservation row commit together or not at all, and a CHECK constraint keeps
 * `0 <= reserved <= onHand` whatever writes the table.
 *
 * A release always wins over a late reserve: releasing a reference never seen records a
 * tombstone under it (one row per reference, so the two cannot both commit), and a reserve that
 * finds its reference released is refused. A reservation may carry a hold: until its holder
 * confirms it, it expires, and the holder's reconciler checks what expired.
 */
export class StockReservationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly stores: StoreService,
    private readonly eventsCommitted: () => void,
    private readonly metrics: InventoryMetrics = NO_INVENTORY_METRICS,
  ) {}

  async reserve(input: ReserveStockInput, caller: RequestCaller): Promise<ReservationRecord> {
    const service = requireService(caller, "reserveStock", RESERVING_SERVICES);
    const reference = checkReference(input.reference);
    const lines = checkLines(input.lines);
    if (input.storeId != null) await this.stores.require(input.storeId);

    const expiresAt = holdUntil(input.holdSeconds);

    const earlier = await this.find(reference);
    if (earlier) return this.counted(() => sameRequest(earlier, input.storeId ?? null, lines));

    const locations = input.storeId != null ? [input.storeId] : await this.locationsHolding(lines);
    for (const [index, storeId] of locations.entries()) {
      try {
        const reservation = await this.reserveAt(reference, storeId, lines, service, expiresAt);
        failpoint("reservation.reserve.committed");
        this.metrics.reservation("reserved");
        this.eventsCommitted();
        reportStockChanged(reservation.lines.map((line) => line.sku));
        return reservation;
      } catch (error) {
        // The reference was taken meanwhile: by the same reserve sent twice, or by its release (a tombstone).
        if (isUniqueViolation(error)) {
          const taken = await this.findOrThrow(reference);
          return this.counted(() => sameRequest(taken, input.storeId ?? null, lines));
        }
        // Another checkout took the units between the look-up and this try: the next location may still have them.
        if (isInsufficientStock(error) && index < locations.length - 1) continue;
        if (isInsufficientStock(error)) this.metrics.reservation("insufficient_stock");
        throw error;
      }
    }
    this.metrics.reservation("insufficient_stock");
    throw insufficientStock(lines[0]!.sku, null, 0, lines[0]!.quantity, "No single location holds every line of this order");
  }

  /**
   * Gives the units back, and always answers RELEASED once nothing is held under `reference`: a
   * reference never reserved gets a tombstone, so that a reserve arriving later (a call that
   * overtook it on the way) is refused. A fulfilled reservation cannot be released.
   */
  async release(reference: string, caller: RequestCaller): Promise<ReservationRecord> {
    const service = requireService(caller, "releaseStockReservation", RESERVING_SERVICES);
    const checked = checkReference(reference);
    // Twice at most: a reserve can commit only between the first settle and the tombstone, and the second settle releases it.
    for (let round = 0; round < 2; round++) {
      const changed = await this.settle(checked, StockReservationStatus.RELEASED, service);
      if (changed) {
        failpoint("reservation.release.committed");
        this.metrics.reservation("released");
        return changed;
      }
      // ON CONFLICT DO NOTHING: it waits for a reserve of the same reference still in flight, then finds its row.
      const tombstone = await this.prisma.stockReservation.createMany({
        data: [{ reference: checked, storeId: null, status: StockReservationStatus.RELEASED, createdBy: service }],
        skipDuplicates: true,
      });
      if (tombstone.count > 0) this.metrics.reservation("tombstoned");
      const reservation = await this.findOrThrow(checked);
      if (reservation.status === StockReservationStatus.RELEASED) return reservation;
      if (reservation.status === StockReservationStatus.FULFILLED) {
        throw invalidState(`Reservation ${checked} is FULFILLED: the goods have left ${reservation.storeId}; book a RETURN to put them back`, {
          reason: "RESERVATION_FULFILLED",
          reference: checked,
          status: reservation.status,
        });
      }
    }
    throw new Error(`Reservation ${checked} stayed ACTIVE through two releases`);
  }

  /** ACTIVE reservations whose hold has passed, oldest first: what the holder's reconciler checks. */
  async expired(first: number, caller: RequestCaller): Promise<ReservationRecord[]> {
    const service = requireService(caller, "expiredStockReservations", RESERVING_SERVICES);
    if (!Number.isInteger(first) || first < 1 || first > MAX_EXPIRED_PAGE) throw badUserInput(`"first" must be 1 to ${MAX_EXPIRED_PAGE}`, "first");
    return this.prisma.stockReservation.findMany({
      where: { status: StockReservationStatus.ACTIVE, createdBy: service, expiresAt: { lte: new Date() } },
      orderBy: [{ expiresAt: "asc" }, { reference: "asc" }],
      take: first,
      include: { lines: true },
    });
  }

  /**
   * The holder confirms that these reservations belong to orders: they no longer expire. Returns
   * those that are ACTIVE (now confirmed); a reference that is not ACTIVE is left as it is.
   */
  async confirm(references: readonly string[], caller: RequestCaller): Promise<ReservationRecord[]> {
    requireService(caller, "confirmStockReservations", RESERVING_SERVICES);
    if (references.length > MAX_CONFIRM_REFERENCES) throw badUserInput(`At most ${MAX_CONFIRM_REFERENCES} references at a time`, "references");
    const checked = references.map(checkReference);
    await this.prisma.stockReservation.updateMany({
      where: { reference: { in: checked }, status: StockReservationStatus.ACTIVE, expiresAt: { not: null } },
      data: { expiresAt: null },
    });
    return this.prisma.stockReservation.findMany({
      where: { reference: { in: checked }, status: StockReservationStatus.ACTIVE },
      orderBy: { reference: "asc" },
      include: { lines: true },
    });
  }

  /** The goods leave the location: the reserved units come off the on-hand count as a SALE. */
  async fulfil(reference: string, caller: RequestCaller): Promise<ReservationRecord> {
    const service = requireService(caller, "fulfilStockReservation", RESERVING_SERVICES);
    const changed = await this.settle(reference, StockReservationStatus.FULFILLED, service);
    if (changed) {
      this.metrics.reservation("fulfilled");
      return changed;
    }
    const reservation = await this.find(reference);
    if (!reservation) throw notFound(`There is no stock reservation ${reference}`, { reference });
    if (reservation.status === StockReservationStatus.RELEASED) {
      throw invalidState(`Reservation ${reference} was RELEASED: its units are no longer held, so nothing can be fulfilled`, {
        reason: "RESERVATION_RELEASED",
        reference,
        status: reservation.status,
      });
    }
    return reservation;
  }

  /** A repeated reserve: the earlier reservation, or its refusal (counted when its reference was already released). */
  private counted(repeat: () => ReservationRecord): ReservationRecord {
    try {
      return repeat();
    } catch (error) {
      if (isReleasedRefusal(error)) this.metrics.reservation("refused_released");
      throw error;
    }
  }

  private async reserveAt(
    reference: string,
    storeId: string,
    lines: readonly ReservationLineInput[],
    service: string,
    expiresAt: Date | null,
  ): Promise<ReservationRecord> {
    return this.prisma.$transaction(async (tx) => {
      // First, so that a concurrent call with the same reference (a repeat, or its release) waits on this row's key.
      const reservation = await tx.stockReservation.create({
        data: { reference, storeId, createdBy: service, expiresAt, lines: { create: lines.map(({ sku, quantity }) => ({ sku, quantity })) } },
        include: { lines: true },
      });
      const events: InventoryEvent[] = [];
      // SKU order: two reservations sharing SKUs lock their rows in the same order and never deadlock.
      for (const { sku, quantity } of [...lines].sort((a, b) => a.sku.localeCompare(b.sku))) {
        const [level] = await tx.$queryRaw<Level[]>`
          UPDATE inventory."StockLevel" SET reserved = reserved + ${quantity}, "updatedAt" = now()
          WHERE sku = ${sku} AND "storeId" = ${storeId} AND "onHand" - reserved >= ${quantity}
          RETURNING "onHand", reserved`;
        if (!level) {
          const current = await tx.stockLevel.findUnique({ where: { sku_storeId: { sku, storeId } } });
          throw insufficientStock(sku, storeId, current ? current.onHand - current.reserved : 0, quantity);
        }
        events.push(stockChanged({ sku, storeId, level, onHandDelta: 0, reservedDelta: quantity, cause: "RESERVED", reason: null, reference, actor: service }));
      }
      await recordInventoryEvents(tx, events);
      return reservation;
    });
  }

  /** ACTIVE to `to`, moving the counts; null when the reservation is not ACTIVE (or does not exist). */
  private async settle(reference: string, to: "RELEASED" | "FULFILLED", service: string): Promise<ReservationRecord | null> {
    const settled = await this.prisma.$transaction(async (tx) => {
      // The status check and change in one statement: of a release and a fulfilment racing, one wins.
      const claimed = await tx.stockReservation.updateMany({ where: { reference, status: StockReservationStatus.ACTIVE }, data: { status: to, expiresAt: null } });
      if (claimed.count === 0) return null;
      const reservation = await tx.stockReservation.findUniqueOrThrow({ where: { reference }, include: { lines: true } });
      const storeId = reservation.storeId!; // only a tombstone has none, and a tombstone is never ACTIVE
      const shipped = to === StockReservationStatus.FULFILLED;
      const events: InventoryEvent[] = [];
      for (const { sku, quantity } of [...reservation.lines].sort((a, b) => a.sku.localeCompare(b.sku))) {
        const onHandDelta = shipped ? -quantity : 0;
        const [level] = await tx.$queryRaw<Level[]>`
          UPDATE inventory."StockLevel" SET "onHand" = "onHand" + ${onHandDelta}, reserved = reserved - ${quantity}, "updatedAt" = now()
          WHERE sku = ${sku} AND "storeId" = ${storeId}
          RETURNING "onHand", reserved`;
        if (!level) throw new Error(`Stock level ${sku}@${storeId} of reservation ${reference} is missing`);
        if (shipped) {
          await tx.stockMovement.create({ data: { sku, storeId, delta: -quantity, reason: StockMovementReason.SALE, actor: service, reference } });
        }
        const cause: StockChangeCause = shipped ? "FULFILLED" : "RELEASED";
        const reason = shipped ? StockMovementReason.SALE : null;
        events.push(stockChanged({ sku, storeId, level, onHandDelta, reservedDelta: -quantity, cause, reason, reference, actor: service }));
      }
      await recordInventoryEvents(tx, events);
      return reservation;
    });
    if (settled) {
      this.eventsCommitted();
      reportStockChanged(settled.lines.map((line) => line.sku));
    }
    return settled;
  }

  /** Locations holding every line, warehouses first, then the most stock. */
  private async locationsHolding(lines: readonly ReservationLineInput[]): Promise<string[]> {
    const levels = await this.prisma.stockLevel.findMany({
      where: { sku: { in: lines.map((line) => line.sku) } },
      include: { store: { select: { kind: true } } },
    });
    const needed = new Map(lines.map((line) => [line.sku, line.quantity]));
    const byStore = new Map<string, { covered: number; available: number; warehouse: boolean }>();
    for (const level of levels) {
      const available = level.onHand - level.reserved;
      if (available < needed.get(level.sku)!) continue;
      const entry = byStore.get(level.storeId) ?? { covered: 0, available: 0, warehouse: level.store.kind === "WAREHOUSE" };
      entry.covered += 1;
      entry.available += available;
      byStore.set(level.storeId, entry);
    }
    const candidates = [...byStore.entries()]
      .filter(([, entry]) => entry.covered === lines.length)
      .sort(([a, x], [b, y]) => Number(y.warehouse) - Number(x.warehouse) || y.available - x.available || a.localeCompare(b))
      .map(([storeId]) => storeId);
    return candidates.slice(0, MAX_CANDIDATE_LOCATIONS);
  }

  private find(reference: string): Promise<ReservationRecord | null> {
    return this.prisma.stockReservation.findUnique({ where: { reference }, include: { lines: true } });
  }

  private findOrThrow(reference: string): Promise<ReservationRecord> {
    return this.prisma.stockReservation.findUniqueOrThrow({ where: { reference }, include: { lines: true } });
  }
}

function checkReference(reference: string): string {
  const trimmed = reference.trim();
  if (trimmed.length === 0 || trimmed.length > 128) throw badUserInput('"reference" must be 1 to 128 characters (the order id)', "reference");
  return trimmed;
}

function holdUntil(holdSeconds: number | null | undefined): Date | null {
  if (holdSeconds == null) return null;
  if (!Number.isInteger(holdSeconds) || holdSeconds < 1 || holdSeconds > MAX_HOLD_SECONDS) {
    throw badUserInput(`"holdSeconds" must be 1 to ${MAX_HOLD_SECONDS}, got ${holdSeconds}`, "holdSeconds");
  }
  return new Date(Date.now() + holdSeconds * 1000);
}

function checkLines(lines: readonly ReservationLineInput[]): ReservationLineInput[] {
  if (lines.length === 0) throw badUserInput("A reservation needs at least one line", "lines");
  if (lines.length > MAX_LINES) throw badUserInput(`A reservation holds at most ${MAX_LINES} lines, got ${lines.length}`, "lines");
  const seen = new Set<string>();
  for (const [index, { sku, quantity }] of lines.entries()) {
    if (sku.trim().length === 0) throw badUserInput(`lines[${index}].sku must not be empty`, `lines.${index}.sku`);
    if (seen.has(sku)) throw badUserInput(`${sku} appears twice in lines; give each SKU once with its total quantity`, "lines");
    seen.add(sku);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw badUserInput(`lines[${index}].quantity must be 1 to ${MAX_QUANTITY}, got ${quantity}`, `lines.${index}.quantity`);
    }
  }
  return [...lines];
}

/**
 * The earlier reservation, when the repeated call asked for the same thing. A reference already
 * released (perhaps before this reserve arrived) is refused: its holder has given up on it.
 * A reference reused for other lines is an error.
 */
function sameRequest(earlier: ReservationRecord, storeId: string | null, lines: readonly ReservationLineInput[]): ReservationRecord {
  if (earlier.status === StockReservationStatus.RELEASED) {
    throw invalidState(`Reservation ${earlier.reference} was already released; a released reference is never reserved again, use a new one`, {
      reason: "RESERVATION_RELEASED",
      reference: earlier.reference,
      status: earlier.status,
    });
  }
  const asked = new Map(lines.map((line) => [line.sku, line.quantity]));
  const same =
    (storeId === null || storeId === earlier.storeId) &&
    earlier.lines.length === lines.length &&
    earlier.lines.every((line) => asked.get(line.sku) === line.quantity);
  if (!same) {
    throw badUserInput(`Reference ${earlier.reference} already holds a different reservation; use a new reference for new lines`, "reference");
  }
  return earlier;
}

function insufficientStock(sku: string, storeId: string | null, available: number, requested: number, detail?: string) {
  const where = storeId ? `at ${storeId}` : "at any single location";
  return invalidState(detail ? `${detail}: not enough ${sku}` : `Not enough ${sku} ${where}: ${available} available, ${requested} requested`, {
    reason: "INSUFFICIENT_STOCK",
    sku,
    storeId,
    available: Math.max(0, available),
    requested,
  });
}

function isInsufficientStock(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { extensions?: { reason?: unknown } }).extensions?.reason === "INSUFFICIENT_STOCK";
}

function isReleasedRefusal(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { extensions?: { reason?: unknown } }).extensions?.reason === "RESERVATION_RELEASED";
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
