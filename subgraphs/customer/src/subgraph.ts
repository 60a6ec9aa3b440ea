import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema } from "../../shared/src/federation";
import type { SubgraphDefinition } from "../../shared/src/server";
import { TRANSACTION_OPTIONS } from "../../shared/src/database";
import { type CustomerContext, createCustomerContext } from "./context";
import { PrismaClient } from "./generated/prisma/client";
import { CustomerAddressResolver } from "./resolvers/customerAddressResolver";
import { ConsentResolver } from "./resolvers/consentResolver";
import { CustomerResolver } from "./resolvers/customerResolver";
import { JourneyResolver } from "./resolvers/journeyResolver";
import { referenceResolvers } from "./resolvers/references";
import { TouchpointResolver } from "./resolvers/touchpointResolver";
import { seedCustomers } from "./seed";

/** The schema alone, with no database: `npm run compose` calls this. */
export function createSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<CustomerContext>({ resolvers: [CustomerResolver, CustomerAddressResolver, JourneyResolver, ConsentResolver, TouchpointResolver] }, referenceResolvers);
}

export const customerSubgraph: SubgraphDefinition<PrismaClient, CustomerContext> = {
  name: "customer",
  createPrisma: (adapter) => new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }),
  createSchema: createSubgraphSchema,
  createContext: ({ prisma, caller }) => createCustomerContext(prisma, caller),
  seed: seedCustomers,
};
