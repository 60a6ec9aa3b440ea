import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema, type Logger, prismaOutboxStore, type ServiceIdentity, TRANSACTION_OPTIONS } from "../../shared/src";
import type { SubgraphDefinition } from "../../shared/src/server";
import { type OrdersContext, createOrdersContext } from "./context";
import { PrismaClient } from "./generated/prisma/client";
import { CartLineResolver } from "./resolvers/cartLineResolver";
import { CartResolver } from "./resolvers/cartResolver";
import { CheckoutResolver } from "./resolvers/checkoutResolver";
import { CustomerOrdersResolver } from "./resolvers/customerOrdersResolver";
import { CustomerPrivacyResolver } from "./resolvers/customerPrivacyResolver";
import { CustomerDataExport } from "./schema/customerDataExport";
import { OrderLifecycleResolver } from "./resolvers/orderLifecycleResolver";
import { OrderLineResolver } from "./resolvers/orderLineResolver";
import { OrderResolver } from "./resolvers/orderResolver";
import { referenceResolvers } from "./resolvers/references";
import { createCollaborators, type OrdersCollaborators, type OrdersSubgraphUrls } from "./service/collaborators";
import { startReleaseSweeper } from "./service/releaseSweeper";
import { seedOrders } from "./seed";

/** The schema alone, with no database: `npm run compose` calls this. */
export function createSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<OrdersContext>(
    {
      resolvers: [OrderResolver, OrderLineResolver, OrderLifecycleResolver, CustomerOrdersResolver, CartResolver, CartLineResolver, CheckoutResolver, CustomerPrivacyResolver],
      // No root field of this subgraph returns it: it is the customer subgraph's export document, extended here.
      orphanedTypes: [CustomerDataExport],
    },
    referenceResolvers,
  );
}

export interface OrdersSubgraphOptions extends OrdersSubgraphUrls {
  /** How often stock releases that inventory could not confirm are retried. */
  releaseSweepIntervalMs?: number;
}

export function createOrdersSubgraph(options: OrdersSubgraphOptions = {}): SubgraphDefinition<PrismaClient, OrdersContext> {
  let collaborators: OrdersCollaborators | undefined;
  // Made on first use, so that importing this module (as `npm run compose` does) reads no registry.
  const collaboratorsFor = (prisma: PrismaClient, identity: ServiceIdentity, logger: Logger) =>
    (collaborators ??= createCollaborators(prisma, identity, logger, options));

  return {
    name: "orders",
    createPrisma: (adapter) => new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }),
    createSchema: createSubgraphSchema,
    createContext: ({ prisma, caller, identity, logger, eventsCommitted }) =>
      createOrdersContext(prisma, caller, collaboratorsFor(prisma, identity, logger), eventsCommitted),
    outbox: (prisma) => prismaOutboxStore("orders", prisma.outboxEvent),
    background: ({ prisma, identity, logger, runTask }) =>
      startReleaseSweeper(collaboratorsFor(prisma, identity, logger).releases, logger, runTask, options.releaseSweepIntervalMs),
    seed: seedOrders,
  };
}

export const ordersSubgraph = createOrdersSubgraph();
