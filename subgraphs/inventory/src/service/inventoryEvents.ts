import type { Prisma } from "../generated/prisma/client";

/** What changed a stock level: an associate's adjustment, or one of the orders service's reservation calls. */
export type StockChangeCause = "ADJUSTMENT" | "RESERVED" | "RELEASED" | "FULFILLED";

/** The events the inventory subgraph publishes (README.md, "Domain events", lists what they carry). */
export interface StockChanged {
  sku: string;
  storeId: string;
  /** The level after the change. */
  onHand: number;
  reserved: number;
  available: number;
  /** How each count moved. */
  onHandDelta: number;
  reservedDelta: number;
  cause: StockChangeCause;
  /** The movement's reason for ADJUSTMENT and FULFILLED (a SALE); null otherwise. */
  reason: string | null;
  /** The reservation (an order id) for RESERVED, RELEASED and FULFILLED. */
  reference: string | null;
  /** An associate's id, or the calling service. */
  actor: string;
}

export interface ShelfLocationChanged {
  sku: string;
  storeId: string;
  from: { aisle: string; bay: string; shelf: string } | null;
  to: { aisle: string; bay: string; shelf: string };
  actor: string;
}

/** The counts of a stock level, as an UPDATE ... RETURNING gives them. */
export interface Level {
  onHand: number;
  reserved: number;
}

export type InventoryEvent = { type: "StockChanged"; payload: StockChanged } | { type: "ShelfLocationChanged"; payload: ShelfLocationChanged };

/** Writes events into the outbox, in the caller's transaction: they are published only if it commits. */
export async function recordInventoryEvents(tx: Prisma.TransactionClient, events: readonly InventoryEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.outboxEvent.createMany({
    data: events.map((event) => ({
      type: event.type,
      aggregateId: `${event.payload.sku}@${event.payload.storeId}`,
      payload: event.payload as unknown as Prisma.InputJsonValue,
    })),
  });
}

/** A StockChanged event for the level a statement left behind. */
export function stockChanged(change: Omit<StockChanged, "onHand" | "reserved" | "available"> & { level: Level }): InventoryEvent {
  const { level, ...rest } = change;
  return { type: "StockChanged", payload: { ...rest, onHand: level.onHand, reserved: level.reserved, available: level.onHand - level.reserved } };
}
