import { badUserInput, invalidState, notFound } from "@platform/errors";
import { type RequestCaller, requireAssociateOf } from "@platform/caller";
import type { PrismaClient, ShelfLocation, StockMovement } from "../generated/prisma/client";
import type { AdjustStockInput } from "../schema/adjustStockInput";
import type { SetShelfLocationInput } from "../schema/setShelfLocationInput";
import { StockAdjustmentReason } from "../schema/stockAdjustmentReason";
import type { CatalogClient } from "./catalogClient";
import { type Level, recordInventoryEvents, stockChanged } from "./inventoryEvents";
import { reportStockChanged } from "./invalidation";
import { type InventoryMetrics, NO_INVENTORY_METRICS } from "./inventoryMetrics";
import type { StoreService } from "./storeService";

const MAX_DELTA = 100_000;
const MAX_NOTE = 500;
const SHELF_PART = /^[A-Za-z0-9-]{1,16}$/;

/** Reasons that add units, and so may start a stock record for a variant the store never held. */
const ADDING = new Set<StockAdjustmentReason>([StockAdjustmentReason.RECEIVED, StockAdjustmentReason.FOUND, StockAdjustmentReason.RETURN]);

/**
 * A store associate's stock work from a handheld: adjustments that land as StockMovements (who,
 * when, why), and where an item sits on the shop floor.
 *
 * Exact counts under concurrency: an adjustment locks its stock level row (SELECT ... FOR UPDATE)
 * before reading it, so a checkout's reservation (a conditional UPDATE of the same row) either
 * commits before the read or waits for the adjustment's commit; neither overwrites the other.
 */
export class StockAdjustmentService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly stores: StoreService,
    private readonly catalog: CatalogClient,
    private readonly eventsCommitted: () => void,
    private readonly metrics: InventoryMetrics = NO_INVENTORY_METRICS,
  ) {}

  async adjust(input: AdjustStockInput, caller: RequestCaller): Promise<StockMovement> {
    const actor = requireAssociateOf(caller, input.storeId, "adjustStock");
    const change = checkAdjustment(input);
    await this.stores.require(input.storeId);
    if (change.mayCreate) await this.requireKnownVariantUnlessStocked(input.sku, input.storeId);

    const movement = await this.prisma.$transaction(async (tx) => {
      if (change.mayCreate) {
        // A first delivery of a variant to this store starts its record at zero; the movement below explains every unit.
        await tx.$executeRaw`
          INSERT INTO inventory."StockLevel" (sku, "storeId", "onHand", reserved, "updatedAt") VALUES (${input.sku}, ${input.storeId}, 0, 0, now())
          ON CONFLICT (sku, "storeId") DO NOTHING`;
      }
      const [current] = await tx.$queryRaw<Level[]>`
        SELECT "onHand", reserved FROM inventory."StockLevel" WHERE sku = ${input.sku} AND "storeId" = ${input.storeId} FOR UPDATE`;
      if (!current) throw notStocked(input.sku, input.storeId);

      const delta = change.countedQuantity != null ? change.countedQuantity - current.onHand : change.delta!;
      const onHand = current.onHand + delta;
      if (onHand < current.reserved) {
        throw invalidState(
          `${input.reason} of ${delta} would leave ${onHand} ${input.sku} on hand at ${input.storeId}, but ${current.reserved} are reserved for orders; ` +
            "hand over or cancel those orders first, or count again",
          { reason: "RESERVED_STOCK", sku: input.sku, storeId: input.storeId, onHand: current.onHand, reserved: current.reserved, delta },
        );
      }
      const [level] = await tx.$queryRaw<Level[]>`
        UPDATE inventory."StockLevel" SET "onHand" = ${onHand}, "updatedAt" = now()
        WHERE sku = ${input.sku} AND "storeId" = ${input.storeId}
        RETURNING "onHand", reserved`;
      const created = await tx.stockMovement.create({
        data: { sku: input.sku, storeId: input.storeId, delta, reason: input.reason, actor, note: change.note },
      });
      await recordInventoryEvents(tx, [
        stockChanged({
          sku: input.sku,
          storeId: input.storeId,
          level: level!,
          onHandDelta: delta,
          reservedDelta: 0,
          cause: "ADJUSTMENT",
          reason: input.reason,
          reference: null,
          actor,
        }),
      ]);
      return created;
    });
    this.eventsCommitted();
    this.metrics.adjustment(input.reason);
    reportStockChanged([input.sku]);
    return movement;
  }

  /** Records where a stocked variant sits in the associate's store, replacing the previous place. */
  async setShelfLocation(input: SetShelfLocationInput, caller: RequestCaller): Promise<ShelfLocation> {
    const actor = requireAssociateOf(caller, input.storeId, "setShelfLocation");
    const to = {
      aisle: checkShelfPart(input.aisle, "aisle"),
      bay: checkShelfPart(input.bay, "bay"),
      shelf: checkShelfPart(input.shelf, "shelf"),
    };
    await this.stores.require(input.storeId);
    const key = { sku_storeId: { sku: input.sku, storeId: input.storeId } };

    const location = await this.prisma.$transaction(async (tx) => {
      if (!(await tx.stockLevel.findUnique({ where: key }))) throw notStocked(input.sku, input.storeId);
      const previous = await tx.shelfLocation.findUnique({ where: key });
      const saved = await tx.shelfLocation.upsert({ where: key, create: { sku: input.sku, storeId: input.storeId, ...to }, update: to });
      const from = previous && { aisle: previous.aisle, bay: previous.bay, shelf: previous.shelf };
      await recordInventoryEvents(tx, [{ type: "ShelfLocationChanged", payload: { sku: input.sku, storeId: input.storeId, from, to, actor } }]);
      return saved;
    });
    this.eventsCommitted();
    reportStockChanged([input.sku]);
    return location;
  }

  private async requireKnownVariantUnlessStocked(sku: string, storeId: string): Promise<void> {
    if (await this.prisma.stockLevel.findUnique({ where: { sku_storeId: { sku, storeId } } })) return;
    if (!(await this.catalog.variantExists(sku))) throw notFound(`Catalog sells no variant ${sku}: check the SKU`, { sku });
  }
}

interface CheckedAdjustment {
  delta: number | null;
  countedQuantity: number | null;
  note: string | null;
  mayCreate: boolean;
}

function checkAdjustment({ reason, delta, countedQuantity, note }: AdjustStockInput): CheckedAdjustment {
  const trimmedNote = note?.trim() || null;
  if (trimmedNote && trimmedNote.length > MAX_NOTE) throw badUserInput(`"note" is at most ${MAX_NOTE} characters`, "note");
  if (reason === StockAdjustmentReason.CYCLE_COUNT) {
    if (delta != null) throw badUserInput("A CYCLE_COUNT takes countedQuantity (what is on the shelf), not delta", "delta");
    if (countedQuantity == null || countedQuantity < 0 || countedQuantity > MAX_DELTA) {
      throw badUserInput(`A CYCLE_COUNT needs countedQuantity from 0 to ${MAX_DELTA}`, "countedQuantity");
    }
    return { delta: null, countedQuantity, note: trimmedNote, mayCreate: false };
  }
  if (countedQuantity != null) throw badUserInput(`countedQuantity is for CYCLE_COUNT only; a ${reason} takes delta`, "countedQuantity");
  if (delta == null || delta === 0 || Math.abs(delta) > MAX_DELTA) throw badUserInput(`A ${reason} needs a delta from 1 to ${MAX_DELTA} units`, "delta");
  const adding = ADDING.has(reason);
  if (adding && delta < 0) throw badUserInput(`A ${reason} adds units: delta must be positive, got ${delta}`, "delta");
  if (!adding && delta > 0) throw badUserInput(`A ${reason} removes units: delta must be negative, got ${delta}`, "delta");
  return { delta, countedQuantity: null, note: trimmedNote, mayCreate: adding };
}

function checkShelfPart(value: string, argument: string): string {
  const trimmed = value.trim();
  if (!SHELF_PART.test(trimmed)) throw badUserInput(`"${argument}" must be 1 to 16 letters, digits or dashes, got "${value}"`, argument);
  return trimmed;
}

function notStocked(sku: string, storeId: string) {
  return notFound(`${storeId} holds no stock record for ${sku}: book it in with RECEIVED first`, { sku, storeId });
}
