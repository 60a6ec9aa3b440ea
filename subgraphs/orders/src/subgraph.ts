import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema } from "../../shared/src/federation";
import type { SubgraphDefinition } from "../../shared/src/server";
import { type OrdersContext, createOrdersContext } from "./context";
import { PrismaClient } from "./generated/prisma/client";
import { CustomerOrdersResolver } from "./resolvers/customerOrdersResolver";
import { OrderLineResolver } from "./resolvers/orderLineResolver";
import { OrderResolver } from "./resolvers/orderResolver";
import { referenceResolvers } from "./resolvers/references";
import { seedOrders } from "./seed";

/** The schema alone, with no database: `npm run compose` calls this. */
export function createSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<OrdersContext>(
    { resolvers: [OrderResolver, OrderLineResolver, CustomerOrdersResolver] },
    referenceResolvers,
  );
}

export const ordersSubgraph: SubgraphDefinition<PrismaClient, OrdersContext> = {
  name: "orders",
  createPrisma: (adapter) => new PrismaClient({ adapter }),
  createSchema: createSubgraphSchema,
  createContext: ({ prisma }) => createOrdersContext(prisma),
  seed: seedOrders,
};
