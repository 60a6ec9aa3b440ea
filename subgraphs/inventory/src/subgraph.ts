import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema, SubgraphClient, type SubgraphDefinition } from "../../shared/src";
import { createInventoryContext, type InventoryContext } from "./context";
import { PrismaClient } from "./generated/prisma/client";
import { LocateItemResolver } from "./resolvers/locateItemResolver";
import { ProductVariantResolver } from "./resolvers/productVariantResolver";
import { referenceResolvers } from "./resolvers/references";
import { StockLevelResolver } from "./resolvers/stockLevelResolver";
import { StockMovementResolver } from "./resolvers/stockMovementResolver";
import { StoreResolver } from "./resolvers/storeResolver";
import { CatalogClient } from "./service/catalogClient";
import { seedInventory } from "./seed";

/** The inventory subgraph's schema; `npm run compose` calls this without a database. */
export function createSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<InventoryContext>(
    { resolvers: [StoreResolver, StockLevelResolver, ProductVariantResolver, LocateItemResolver, StockMovementResolver] },
    referenceResolvers,
  );
}

export interface InventorySubgraphOptions {
  /** Where catalog answers barcode and text lookups; the registry's URL (or SUBGRAPH_CATALOG_URL) by default. */
  catalogUrl?: string;
}

export function createInventorySubgraph(options: InventorySubgraphOptions = {}): SubgraphDefinition<PrismaClient, InventoryContext> {
  let catalog: CatalogClient | undefined;
  return {
    name: "inventory",
    createPrisma: (adapter) => new PrismaClient({ adapter }),
    createSchema: createSubgraphSchema,
    createContext: ({ prisma }) => {
      // Made on first use, so that importing this module (as `npm run compose` does) reads no registry.
      catalog ??= new CatalogClient(new SubgraphClient("catalog", { url: options.catalogUrl }));
      return createInventoryContext(prisma, catalog);
    },
    seed: seedInventory,
  };
}

export const inventorySubgraph = createInventorySubgraph();
