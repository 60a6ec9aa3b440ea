import { createHash } from "node:crypto";
import { notFound } from "@platform/errors";
import type { PrismaClient } from "../generated/prisma/client";
import type { CustomerRecord } from "./customerService";
import type { TouchpointRecord } from "./journeyService";
import { reportCustomerChanged } from "./invalidation";
import type { OrdersPrivacyClient } from "./ordersPrivacyClient";

export interface ErasureOutcome {
  customerId: string;
  erasedAt: Date;
  addressesDeleted: number;
  touchpointsDeleted: number;
  ordersAnonymised: number;
  ordersKept: number;
  cartsDeleted: number;
}

/** The domain of the addresses erased customers get: `.invalid` is reserved (RFC 2606), so nothing is ever sent there. */
export const ERASED_EMAIL_DOMAIN = "erased.invalid";

/**
 * The email an erased customer keeps: unique per id (the column is unique), derived from the id
 * alone, so it says nothing about the person. Lower-case, as every stored email.
 */
export function erasedEmail(customerId: string): string {
  return `erased-${createHash("sha256").update(customerId).digest("hex").slice(0, 32)}@${ERASED_EMAIL_DOMAIN}`;
}

/**
 * GDPR erasure: the customer's personal data goes from every subgraph; what accounting needs stays.
 *
 * 1. The orders subgraph first (a service call): orders lose their shipping address, carts are
 *    deleted. If it cannot be reached, nothing here changes and the error (SUBGRAPH_UNAVAILABLE)
 *    says so; erasing again completes it.
 * 2. Then, in one transaction here: the profile is anonymised in place (email replaced by
 *    `erasedEmail(id)`, names emptied, phone and preferred store removed), consent withdrawn,
 *    addresses and touchpoints deleted, `erasedAt` set (the first time only). The row stays as a
 *    tombstone, so orders kept for accounting still name a customer id, which now identifies nobody.
 *
 * Idempotent: a repeat changes nothing more, and reports the invalidations again (harmless).
 */
export class ErasureService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly orders: OrdersPrivacyClient,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async erase(customerId: string): Promise<ErasureOutcome> {
    const existing = await this.prisma.customer.findUnique({ where: { id: customerId }, select: { id: true } });
    if (!existing) throw notFound(`No customer has id "${customerId}"`);

    const orders = await this.orders.anonymise(customerId);

    const now = this.clock();
    const outcome = await this.prisma.$transaction(async (tx) => {
      const addresses = await tx.customerAddress.deleteMany({ where: { customerId } });
      const touchpoints = await tx.touchpoint.deleteMany({ where: { customerId } });
      const current = await tx.customer.findUniqueOrThrow({ where: { id: customerId }, select: { erasedAt: true } });
      const erased: CustomerRecord = await tx.customer.update({
        where: { id: customerId },
        data: {
          email: erasedEmail(customerId),
          firstName: "",
          lastName: "",
          phone: null,
          preferredStoreId: null,
          marketingConsent: false,
          analyticsConsent: false,
          consentUpdatedAt: current.erasedAt ?? now,
          erasedAt: current.erasedAt ?? now,
        },
      });
      return { erasedAt: erased.erasedAt!, addressesDeleted: addresses.count, touchpointsDeleted: touchpoints.count };
    });
    reportCustomerChanged(customerId);
    return { customerId, ...outcome, ...orders };
  }

  /** The whole journey for the data export: every touchpoint, newest first (Customer.touchpoints pages at most 100). */
  journeyOf(customerId: string): Promise<TouchpointRecord[]> {
    return this.prisma.touchpoint.findMany({ where: { customerId }, orderBy: [{ occurredAt: "desc" }, { id: "desc" }] });
  }

  /** The ids among `customerIds` that have been erased. */
  async erasedAmong(customerIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.prisma.customer.findMany({ where: { id: { in: [...customerIds] }, erasedAt: { not: null } }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }
}
