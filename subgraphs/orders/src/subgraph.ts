import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema, type DomainMetrics, prismaOutboxStore, type ServiceIdentity, TRANSACTION_OPTIONS } from "@subgraph-kit";
import type { Logger } from "@platform/logging";
import { combineBackgroundWork, startPeriodicWork, type SubgraphDefinition } from "@subgraph-kit/server";
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
import { checkOrdersSettings, DEFAULT_ORDERS_SETTINGS, type OrdersSettings } from "./settings";

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

/** Where the other subgraphs are, and any of the settings (loadOrdersSettings reads them from the environment). */
export type OrdersSubgraphOptions = OrdersSubgraphUrls & Partial<OrdersSettings>;

export function createOrdersSubgraph(options: OrdersSubgraphOptions = {}): SubgraphDefinition<PrismaClient, OrdersContext> {
  const settings = checkOrdersSettings({ ...DEFAULT_ORDERS_SETTINGS, ...definedOnly(options) });
  let collaborators: OrdersCollaborators | undefined;
  // Made on first use, so that importing this module (as `npm run compose` does) reads no registry.
  const collaboratorsFor = (prisma: PrismaClient, identity: ServiceIdentity, logger: Logger, metrics: DomainMetrics) =>
    (collaborators ??= createCollaborators(prisma, identity, logger, options, settings, metrics));

  return {
    name: "orders",
    createPrisma: (adapter) => new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }),
    createSchema: createSubgraphSchema,
    createContext: ({ prisma, caller, identity, logger, eventsCommitted, metrics }) =>
      createOrdersContext(prisma, caller, collaboratorsFor(prisma, identity, logger, metrics), eventsCommitted),
    outbox: (prisma) => prismaOutboxStore("orders", prisma.outboxEvent),
    // The saga's recovery: releases retried until confirmed, attempts past their lease recovered,
    // expired reservations reconciled; each also once at start, for what a crash left behind.
    background: ({ prisma, identity, logger, runTask, metrics }) => {
      const { releases, attempts, reconciler } = collaboratorsFor(prisma, identity, logger, metrics);
      return combineBackgroundWork([
        startReleaseSweeper(releases, logger, runTask, settings.releaseSweepIntervalMs),
        startPeriodicWork({ name: "checkout recovery", intervalMs: settings.checkoutRecoveryIntervalMs, run: () => attempts.abandonExpired(), runTask, logger }),
        startPeriodicWork({ name: "reservation reconciler", intervalMs: settings.reservationReconcileIntervalMs, run: () => reconciler.reconcile(), runTask, logger }),
      ]);
    },
    seed: seedOrders,
  };
}

export const ordersSubgraph = createOrdersSubgraph();

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
