import type { DomainMetrics } from "@subgraph-kit";

/**
 * How a checkout ended, counted once per saga attempt (`orders_checkouts_total{outcome}`):
 * - `placed`: the order was written (an idempotent replay of a placed key is not counted again);
 * - `insufficient_stock`: inventory refused the reservation (nothing was held, nothing to release);
 * - `conflict`: CONFLICT, the key's attempt still under way (the wait ran out), or this attempt
 *   outlived its lease and was taken over (its reservation is released like a compensation);
 * - `failed`: the attempt failed before anything could have been reserved (catalog down, an empty
 *   cart, a variant no longer sold) or inventory refused it for another reason;
 * - `compensated`: the attempt failed after it may have reserved stock (an order that could not be
 *   written, an inventory timeout), or the recoverer abandoned it past its lease: its reference was
 *   scheduled for release (released at once or by the sweeper).
 * Requests refused before an attempt starts (a malformed key or fulfilment, an unknown cart, a
 * cart of another customer) are not checkouts and are not counted.
 */
export const CHECKOUT_OUTCOMES = ["placed", "insufficient_stock", "conflict", "failed", "compensated"] as const;
export type CheckoutOutcome = (typeof CHECKOUT_OUTCOMES)[number];

/** The orders domain's own metrics (besides the kit's subgraph_* ones). */
export interface OrdersMetrics {
  checkout(outcome: CheckoutOutcome): void;
}

/** Ignores everything: for code run outside a subgraph (tests building the saga's parts by hand). */
export const NO_ORDERS_METRICS: OrdersMetrics = { checkout: () => undefined };

/**
 * Registers the orders metrics: `orders_checkouts_total{outcome}`, and
 * `orders_release_sweeper_backlog`, the releases inventory has not confirmed yet (PendingRelease
 * rows), counted at each scrape (one indexed COUNT; NaN when the database cannot answer).
 */
export function createOrdersMetrics(metrics: DomainMetrics, pendingReleases: () => Promise<number>): OrdersMetrics {
  const checkouts = metrics.counter("orders_checkouts_total", {
    help: "Checkout attempts by outcome: placed, insufficient_stock, conflict, failed, compensated (failed after it may have reserved: its stock release was scheduled)",
    labels: { outcome: CHECKOUT_OUTCOMES },
  });
  metrics.gauge("orders_release_sweeper_backlog", {
    help: "Stock releases inventory has not confirmed yet (retried by the release sweeper), counted at each scrape",
    collect: pendingReleases,
  });
  return { checkout: (outcome) => checkouts.inc({ outcome }) };
}
