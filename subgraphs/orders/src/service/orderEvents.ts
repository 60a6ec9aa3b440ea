import type { Prisma } from "../generated/prisma/client";
import type { OrderStatus } from "../schema/orderStatus";

/** The events the orders subgraph publishes (README.md, "Domain events", lists what they carry). */
export interface OrderPlaced {
  orderId: string;
  number: string;
  customerId: string;
  channel: string;
  status: OrderStatus;
  fulfilment: { type: string; pickupStoreId: string | null };
  lines: { sku: string; quantity: number; unitPriceMinor: number }[];
  totalMinor: number;
  currency: string;
}

export interface OrderStatusChanged {
  orderId: string;
  number: string;
  customerId: string;
  from: OrderStatus;
  to: OrderStatus;
}

/** Writes an event into the outbox, in the caller's transaction: it is published only if that commits. */
export async function recordOrderEvent(
  tx: Prisma.TransactionClient,
  event: { type: "OrderPlaced"; payload: OrderPlaced } | { type: "OrderStatusChanged"; payload: OrderStatusChanged },
): Promise<void> {
  await tx.outboxEvent.create({ data: { type: event.type, aggregateId: event.payload.orderId, payload: event.payload as object } });
}
