import type { PrismaClient } from "./generated/prisma/client";
import { type CustomerLoaders, createCustomerLoaders } from "./loaders/customerLoaders";
import { CustomerService } from "./service/customerService";

export interface CustomerContext {
  prisma: PrismaClient;
  customers: CustomerService;
  loaders: CustomerLoaders;
}

/** One per GraphQL request. */
export function createCustomerContext(prisma: PrismaClient): CustomerContext {
  const customers = new CustomerService(prisma);
  return { prisma, customers, loaders: createCustomerLoaders(customers) };
}
