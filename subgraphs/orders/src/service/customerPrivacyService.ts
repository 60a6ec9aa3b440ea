import { entityTag, rootTag } from "@platform/invalidation";
import { reportInvalidation } from "@subgraph-kit";
import type { PrismaClient } from "../generated/prisma/client";
import type { CartRecord } from "./cartService";
import type { OrderRecord } from "./orderRecords";

export interface AnonymisationOutcome {
  customerId: string;
  ordersAnonymised: number;
  ordersKept: number;
  cartsDeleted: number;
}

/**
 * A customer's data in the orders domain, for GDPR export and erasure.
 *
 * What identifies a person here: an order's shipping address (captured at checkout) and the
 * customer's carts (what they were about to buy, on which devices). Orders are kept for
 * accounting (number, status, channel, lines, prices, totals, pickup store) and keep their
 * `customerId`: after erasure it names an anonymised tombstone in the customer subgraph, which
 * identifies nobody. The outbox's events (OrderPlaced, OrderStatusChanged) carry ids, SKUs and
 * amounts only, never personal data, so there is nothing to scrub there.
 */
export class CustomerPrivacyService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Every order of the customers, newest first (the export is complete, not a page). */
  ordersOf(customerIds: readonly string[]): Promise<OrderRecord[]> {
    return this.prisma.order.findMany({ where: { customerId: { in: [...customerIds] } }, orderBy: [{ placedAt: "desc" }, { id: "desc" }] });
  }

  /** Every cart of the customers (open, merged, checked out), newest first. */
  cartsOf(customerIds: readonly string[]): Promise<CartRecord[]> {
    return this.prisma.cart.findMany({ where: { customerId: { in: [...customerIds] } }, orderBy: [{ updatedAt: "desc" }, { id: "desc" }] });
  }

  /**
   * In one transaction: removes the shipping address of every order of the customer (all but the
   * country) and marks each order `personalDataErasedAt`, and
   * deletes their carts (lines cascade). Idempotent: a repeat finds nothing left to change.
   * Reports the orders changed, the customer (its `orders`) and orders' root fields.
   */
  async anonymise(customerId: string): Promise<AnonymisationOutcome> {
    const { anonymised, kept, cartsDeleted } = await this.prisma.$transaction(async (tx) => {
      const anonymised = await tx.order.updateManyAndReturn({
        where: { customerId, personalDataErasedAt: null },
        // The country stays: taxes need where goods went, and a country identifies nobody.
        data: { shippingLine1: null, shippingLine2: null, shippingCity: null, shippingPostcode: null, personalDataErasedAt: this.clock() },
        select: { id: true },
      });
      const carts = await tx.cart.deleteMany({ where: { customerId } });
      const kept = await tx.order.count({ where: { customerId } });
      return { anonymised, kept, cartsDeleted: carts.count };
    });
    if (anonymised.length > 0 || cartsDeleted > 0) {
      reportInvalidation(...anonymised.map(({ id }) => entityTag("Order", { id })), entityTag("Customer", { id: customerId }), rootTag("orders"));
    }
    return { customerId, ordersAnonymised: anonymised.length, ordersKept: kept, cartsDeleted };
  }
}
