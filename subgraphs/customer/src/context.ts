import type { RequestCaller } from "@platform/caller";
import type { PrismaClient } from "./generated/prisma/client";
import { type CustomerLoaders, createCustomerLoaders } from "./loaders/customerLoaders";
import { ConsentService } from "./service/consentService";
import { CustomerService } from "./service/customerService";
import { ErasureService } from "./service/erasureService";
import { JourneyService } from "./service/journeyService";
import type { OrdersPrivacyClient } from "./service/ordersPrivacyClient";

export interface CustomerContext {
  prisma: PrismaClient;
  /** Who is calling and from where: decides who may record touchpoints or change consent. */
  caller: RequestCaller;
  customers: CustomerService;
  journey: JourneyService;
  consent: ConsentService;
  /** GDPR erasure (and the export's journey). */
  erasure: ErasureService;
  loaders: CustomerLoaders;
  /** Customers this request erased: the response tells the gateway (`extensions.revokedCustomers`). */
  revokedCustomers: Set<string>;
}

/** One per GraphQL request. */
export function createCustomerContext(prisma: PrismaClient, caller: RequestCaller, orders: OrdersPrivacyClient): CustomerContext {
  const customers = new CustomerService(prisma);
  const journey = new JourneyService(prisma);
  return {
    prisma,
    caller,
    customers,
    journey,
    consent: new ConsentService(prisma),
    erasure: new ErasureService(prisma, orders),
    loaders: createCustomerLoaders(customers, journey),
    revokedCustomers: new Set(),
  };
}
