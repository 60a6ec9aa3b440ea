import { GraphQLError } from "graphql";
import { ErrorCode } from "@platform/errors";
import type { Logger } from "@platform/logging";
import type { PrismaClient } from "../generated/prisma/client";
import { OrderStatus } from "../schema/orderStatus";
import type { CheckoutAttempts } from "./checkoutAttempts";
import type { InventoryClient, StockReservation } from "./inventoryClient";
import type { StockReleases } from "./stockReleases";

const PAGE = 100;
/** Pages per run: a run stays short; what is left waits for the next one. */
const MAX_PAGES = 10;

/** Orders whose stock is still rightly held in inventory. */
const HOLDING: readonly string[] = [OrderStatus.PLACED, OrderStatus.READY_FOR_PICKUP];
/** Orders whose goods have left: their reservation should have been fulfilled. */
const GOODS_LEFT: readonly string[] = [OrderStatus.SHIPPED, OrderStatus.COMPLETED];

export interface ReconcileReport {
  /** Expired reservations examined. */
  checked: number;
  /** Belong to a PLACED or READY_FOR_PICKUP order: confirmed, they no longer expire. */
  confirmed: number;
  /** Belong to no order and no live attempt, or to a cancelled order: released. */
  released: number;
  /** Their order's goods have left: fulfilled. */
  fulfilled: number;
  /** Their attempt was past its lease: abandoned (which releases them). */
  abandoned: number;
  /** Their attempt is still within its lease: left for the next run. */
  waiting: number;
}

/**
 * The last line of the checkout saga: whatever path a fault took, a reservation left in
 * inventory without an order is found and released. Inventory lists this service's ACTIVE
 * reservations whose hold (a lease long, from the reserve) has passed; each is compared with
 * this domain's records:
 * - an order that still holds stock (PLACED, READY_FOR_PICKUP): confirmed, it no longer expires;
 * - a cancelled order: released (its own release was lost);
 * - an order whose goods left (SHIPPED, COMPLETED): fulfilled;
 * - no order, and the key's attempt under that reference still within its lease: left alone;
 *   past its lease: abandoned like the recoverer does, which fences the attempt's order transaction;
 * - no order, and no attempt under that reference (a retry took the key under a new one) or a
 *   FAILED one: released. No order can appear for it later: an order commits only while its
 *   key's row is PENDING under the same reference.
 *
 * Worst case for a stranded unit: the hold (CHECKOUT_LEASE_MS) plus one interval
 * (RESERVATION_RECONCILE_INTERVAL_MS), plus the run itself.
 */
export class ReservationReconciler {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly inventory: InventoryClient,
    private readonly attempts: CheckoutAttempts,
    private readonly releases: StockReleases,
    private readonly logger: Logger,
  ) {}

  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, confirmed: 0, released: 0, fulfilled: 0, abandoned: 0, waiting: 0 };
    const seen = new Set<string>();
    for (let page = 0; page < MAX_PAGES; page++) {
      const listed = await this.inventory.expired(PAGE).catch((error: unknown) => {
        // At start, inventory may not be up yet; the next run will see it. Nothing is lost by waiting.
        if (!(error instanceof GraphQLError && error.extensions.code === ErrorCode.SUBGRAPH_UNAVAILABLE)) throw error;
        this.logger.info({ reason: error.message }, "reconciler could not reach inventory; it tries again on its next run");
        return null;
      });
      if (!listed) break;
      const expired = listed.filter((reservation) => !seen.has(reservation.reference));
      if (expired.length === 0) break;
      for (const reservation of expired) seen.add(reservation.reference);
      await this.reconcilePage(expired, report);
      // Only the ones still waiting for their attempt come back; a page of those alone means nothing more to do now.
      if (expired.length < PAGE) break;
    }
    if (report.checked > 0) this.logger.info({ ...report }, "reconciled expired stock reservations");
    return report;
  }

  private async reconcilePage(reservations: StockReservation[], report: ReconcileReport): Promise<void> {
    const references = reservations.map((reservation) => reservation.reference);
    // Attempts first, orders second: an order committed in between is then seen (it commits together with its attempt's COMPLETED).
    const attempts = new Map((await this.prisma.checkout.findMany({ where: { orderId: { in: references } } })).map((checkout) => [checkout.orderId, checkout]));
    const orders = new Map(
      (await this.prisma.order.findMany({ where: { id: { in: references } }, select: { id: true, number: true, status: true } })).map((order) => [order.id, order]),
    );
    report.checked += reservations.length;

    const toConfirm: string[] = [];
    for (const { reference } of reservations) {
      const order = orders.get(reference);
      const attempt = attempts.get(reference);
      if (order && HOLDING.includes(order.status)) {
        toConfirm.push(reference);
      } else if (order && GOODS_LEFT.includes(order.status)) {
        await this.inventory.fulfil(reference);
        this.logger.warn({ reference, order: order.number, status: order.status }, "reconciler fulfilled the reservation of an order whose goods had left");
        report.fulfilled += 1;
      } else if (!order && attempt?.status === "PENDING") {
        if (await this.attempts.abandon(attempt, "found by the reconciler")) report.abandoned += 1;
        else report.waiting += 1;
      } else if (!order && attempt?.status === "COMPLETED") {
        report.waiting += 1; // its order committed after the look-up above: confirmed on the next run
      } else {
        await this.releases.scheduleAndRelease(reference, order ? `order ${order.number} ${order.status}` : "orphaned reservation");
        this.logger.warn({ reference, order: order?.number ?? null, attempt: attempt?.status ?? null }, "reconciler released an orphaned reservation");
        report.released += 1;
      }
    }
    if (toConfirm.length > 0) report.confirmed += (await this.inventory.confirm(toConfirm)).length;
  }
}
