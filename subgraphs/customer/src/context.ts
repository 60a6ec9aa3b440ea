import type { RequestCaller } from "../../shared/src/caller";
import type { PrismaClient } from "./generated/prisma/client";
import { type CustomerLoaders, createCustomerLoaders } from "./loaders/customerLoaders";
import { ConsentService } from "./service/consentService";
import { CustomerService } from "./service/customerService";
import { JourneyService } from "./service/journeyService";

export interface CustomerContext {
  prisma: PrismaClient;
  /** Who is calling and from where: decides who may record touchpoints or change consent. */
  caller: RequestCaller;
  customers: CustomerService;
  journey: JourneyService;
  consent: ConsentService;
  loaders: CustomerLoaders;
}

/** One per GraphQL request. */
export function createCustomerContext(prisma: PrismaClient, caller: RequestCaller): CustomerContext {
  const customers = new CustomerService(prisma);
  const journey = new JourneyService(prisma);
  return {
    prisma,
    caller,
    customers,
    journey,
    consent: new ConsentService(prisma),
    loaders: createCustomerLoaders(customers, journey),
  };
}
