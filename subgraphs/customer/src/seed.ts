import { demoDataset } from "../../../prisma/seed";
import type { Logger } from "@platform/logging";
import type { PrismaClient } from "./generated/prisma/client";
import { normalizeEmail } from "./service/email";

/**
 * Writes the demo dataset's customers and their addresses, in one transaction, when there are
 * no customers yet; otherwise only counts them. Two processes seeding one empty database at
 * once cannot duplicate anything: the second transaction fails on the primary keys and rolls back.
 */
export async function seedCustomers(prisma: PrismaClient, logger: Logger): Promise<void> {
  if ((await prisma.customer.count()) > 0) return;
  const { customers } = demoDataset();
  await prisma.$transaction(async (tx) => {
    await tx.customer.createMany({
      data: customers.map((customer) => ({
        id: customer.id,
        email: normalizeEmail(customer.email),
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
  });
  logger.info({ customers: customers.length }, "seeded demo customers");
}
