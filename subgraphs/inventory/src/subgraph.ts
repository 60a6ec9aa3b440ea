import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema, type DomainMetrics, prismaOutboxStore, SubgraphClient, type SubgraphDefinition, TRANSACTION_OPTIONS } from "@subgraph-kit";
import { createInventoryContext, type InventoryContext } from "./context";
import { PrismaClient } from "./generated/prisma/client";
import { LocateItemResolver } from "./resolvers/locateItemResolver";
import { ProductVariantResolver } from "./resolvers/productVariantResolver";
import { referenceResolvers } from "./resolvers/references";
import { StockAdjustmentResolver } from "./resolvers/stockAdjustmentResolver";
import { StockLevelResolver } from "./resolvers/stockLevelResolver";
import { StockMovementResolver } from "./resolvers/stockMovementResolver";
import { StockReservationResolver } from "./resolvers/stockReservationResolver";
import { StoreResolver } from "./resolvers/storeResolver";
import { CatalogClient } from "./service/catalogClient";
import { createInventoryMetrics, type InventoryMetrics } from "./service/inventoryMetrics";
import { seedInventory } from "./seed";

/** The inventory subgraph's schema; `npm run compose` calls this without a database. */
export function createSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<InventoryContext>(
    {
      resolvers: [
        StoreResolver,
        StockLevelResolver,
        ProductVariantResolver,
        LocateItemResolver,
        StockMovementResolver,
        StockReservationResolver,
        StockAdjustmentResolver,
      ],
    },
    referenceResolvers,
  );
}

export interface InventorySubgraphOptions {
  /** Where catalog answers barcode and text lookups; the registry's URL (or SUBGRAPH_CATALOG_URL) by default. */
  catalogUrl?: string;
}

export function createInventorySubgraph(options: InventorySubgraphOptions = {}): SubgraphDefinition<PrismaClient, InventoryContext> {
  let catalog: CatalogClient | undefined;
  // One per subgraph instance: each running subgraph has its own registry.
  const inventoryMetrics = new WeakMap<DomainMetrics, InventoryMetrics>();
  return {
    name: "inventory",
    createPrisma: (adapter) => new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }),
    createSchema: createSubgraphSchema,
    createContext: ({ prisma, caller, identity, eventsCommitted, metrics }) => {
      // Made on first use, so that importing this module (as `npm run compose` does) reads no registry.
      catalog ??= new CatalogClient(new SubgraphClient("catalog", { url: options.catalogUrl, identity }));
      if (!inventoryMetrics.has(metrics)) inventoryMetrics.set(metrics, createInventoryMetrics(metrics));
      return createInventoryContext(prisma, caller, catalog, eventsCommitted, inventoryMetrics.get(metrics)!);
    },
    outbox: (prisma) => prismaOutboxStore("inventory", prisma.outboxEvent),
    seed: seedInventory,
  };
}

export const inventorySubgraph = createInventorySubgraph();
