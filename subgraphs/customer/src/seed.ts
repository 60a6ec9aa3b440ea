import type { Logger } from "../../shared/src/logging";
import { demoDataset } from "../../../prisma/seed";
import type { PrismaClient } from "./generated/prisma/client";

/**
 * Writes the demo dataset's customers and their addresses, in one transaction, when there are
 * no customers yet; otherwise writes nothing. Emails are stored normalized (see normalizeEmail).
 */
export async function seedCustomers(prisma: PrismaClient, logger: Logger): Promise<void> {
  const { customers } = demoDataset();
  const written = await prisma.$transaction(async (tx) => {
    if ((await tx.customer.count()) > 0) return false;
    await tx.customer.createMany({
      data: customers.map((customer) => ({
        id: customer.id,
        email: customer.email.trim().toLowerCase(),
        firstName: customer.firstName,
        lastName: customer.lastName,
        phone: customer.phone,
        preferredStoreId: customer.preferredStoreId,
        marketingConsent: customer.marketingConsent,
        analyticsConsent: customer.analyticsConsent,
        // The demo customers made their consent choices when they signed up.
        consentUpdatedAt: customer.createdAt,
        createdAt: customer.createdAt,
      })),
    });
    await tx.customerAddress.createMany({
      data: customers.flatMap((customer) =>
        customer.addresses.map((address) => ({
          id: address.id,
          customerId: customer.id,
          label: address.label,
          isDefault: address.isDefault,
          line1: address.line1,
          city: address.city,
          postcode: address.postcode,
          country: address.country,
        })),
      ),
    });
    return true;
  });
  if (written) logger.info({ customers: customers.length }, "seeded demo customers");
}
