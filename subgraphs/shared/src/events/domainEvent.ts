/**
 * A fact a subgraph publishes after it committed it: "order placed", "stock changed". Events are
 * written to the domain's outbox table in the same transaction as the change, then relayed, so
 * an event exists if and only if its change does. Delivery is at least once: consumers dedupe by `id`.
 */
export interface DomainEvent<TPayload extends object = Record<string, unknown>> {
  /** UUID v7, unique per event. */
  id: string;
  /** e.g. "OrderPlaced", "StockChanged", "OrderStatusChanged". */
  type: string;
  /** The subgraph that owns the changed data. */
  source: string;
  /** The entity it is about: an order id, or "<sku>@<storeId>" for a stock level. */
  aggregateId: string;
  occurredAt: string;
  payload: TPayload;
}

/** Where the events of every subgraph are published (a Redis stream and pub/sub channel of this name). */
export const DOMAIN_EVENTS_CHANNEL = "commerce:events";
