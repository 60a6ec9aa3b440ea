import type { DomainMetrics } from "@subgraph-kit";
import { StockAdjustmentReason } from "../schema/stockAdjustmentReason";

/**
 * What happened to a stock reservation call (`inventory_stock_reservations_total{outcome}`), once
 * per change inventory committed or refused (an idempotent repeat that changes nothing is not
 * counted):
 * - `reserved`: a reservation committed (every line held);
 * - `insufficient_stock`: refused, no location had every line (nothing held);
 * - `refused_released`: refused, its reference was already released (a reserve that arrived after its release);
 * - `released`: an ACTIVE reservation released, its units given back;
 * - `tombstoned`: a release of a reference never reserved, recorded so that a late reserve is refused;
 * - `fulfilled`: the goods left, the units came off the on-hand count.
 */
export const RESERVATION_OUTCOMES = ["reserved", "insufficient_stock", "refused_released", "released", "tombstoned", "fulfilled"] as const;
export type ReservationOutcome = (typeof RESERVATION_OUTCOMES)[number];

/** The reasons an associate gives an adjustment: the StockAdjustmentReason enum's values. */
export const ADJUSTMENT_REASONS = Object.values(StockAdjustmentReason);

/** The inventory domain's own metrics (besides the kit's subgraph_* ones). */
export interface InventoryMetrics {
  reservation(outcome: ReservationOutcome): void;
  adjustment(reason: StockAdjustmentReason): void;
}

/** Ignores everything. */
export const NO_INVENTORY_METRICS: InventoryMetrics = { reservation: () => undefined, adjustment: () => undefined };

/** Registers `inventory_stock_reservations_total{outcome}` and `inventory_stock_adjustments_total{reason}` (idempotent: once per process in effect). */
export function createInventoryMetrics(metrics: DomainMetrics): InventoryMetrics {
  const reservations = metrics.counter("inventory_stock_reservations_total", {
    help: "Stock reservation changes inventory committed or refused, by outcome: reserved, insufficient_stock, refused_released, released, tombstoned, fulfilled",
    labels: { outcome: RESERVATION_OUTCOMES },
  });
  const adjustments = metrics.counter("inventory_stock_adjustments_total", {
    help: "Stock adjustments committed by store associates, by reason: CYCLE_COUNT, DAMAGED, RECEIVED, FOUND, RETURN",
    labels: { reason: ADJUSTMENT_REASONS },
  });
  return {
    reservation: (outcome) => reservations.inc({ outcome }),
    adjustment: (reason) => adjustments.inc({ reason }),
  };
}
