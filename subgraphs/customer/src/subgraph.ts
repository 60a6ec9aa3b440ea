import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema } from "../../shared/src/federation";
import type { SubgraphDefinition } from "../../shared/src/server";
import { type CustomerContext, createCustomerContext } from "./context";
import { PrismaClient } from "./generated/prisma/client";
import { CustomerAddressResolver } from "./resolvers/customerAddressResolver";
import { CustomerResolver } from "./resolvers/customerResolver";
import { referenceResolvers } from "./resolvers/references";
import { seedCustomers } from "./seed";

/** The schema alone, with no database: `npm run compose` calls this. */
export function createSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<CustomerContext>({ resolvers: [CustomerResolver, CustomerAddressResolver] }, referenceResolvers);
}

export const customerSubgraph: SubgraphDefinition<PrismaClient, CustomerContext> = {
  name: "customer",
  createPrisma: (adapter) => new PrismaClient({ adapter }),
  createSchema: createSubgraphSchema,
  createContext: ({ prisma }) => createCustomerContext(prisma),
  seed: seedCustomers,
};
