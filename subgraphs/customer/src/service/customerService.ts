import type { Customer as CustomerRecord, CustomerAddress as CustomerAddressRecord, PrismaClient } from "../generated/prisma/client";

export type { CustomerRecord, CustomerAddressRecord };

/**
 * Reads customers in sets: every method takes many keys and issues one SQL statement, so
 * the per-request DataLoaders can batch whole `_entities` requests into a single query.
 */
export class CustomerService {
  constructor(private readonly prisma: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<CustomerRecord[]> {
    return this.prisma.customer.findMany({ where: { id: { in: [...ids] } } });
  }

  /** `emails` must already be normalized (see normalizeEmail). */
  findByEmails(emails: readonly string[]): Promise<CustomerRecord[]> {
    return this.prisma.customer.findMany({ where: { email: { in: [...emails] } } });
  }

  /** Every address of the given customers, the default one first. */
  findAddressesOf(customerIds: readonly string[]): Promise<CustomerAddressRecord[]> {
    return this.prisma.customerAddress.findMany({
      where: { customerId: { in: [...customerIds] } },
      orderBy: [{ isDefault: "desc" }, { id: "asc" }],
    });
  }
}
