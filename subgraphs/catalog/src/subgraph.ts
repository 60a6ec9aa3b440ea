import type { GraphQLSchema } from "graphql";
import { buildFederatedSchema, type SubgraphDefinition, TRANSACTION_OPTIONS } from "@subgraph-kit";
import { type CatalogContext, createCatalogContext } from "./context";
import { PrismaClient } from "./generated/prisma/client";
import { CategoryResolver } from "./resolvers/categoryResolver";
import { PriceResolver } from "./resolvers/priceResolver";
import { ProductResolver } from "./resolvers/productResolver";
import { ProductVariantResolver } from "./resolvers/productVariantResolver";
import { referenceResolvers } from "./resolvers/references";
import { seedCatalog } from "./seed";

/** The catalog subgraph's schema; `npm run compose` calls this without a database. */
export function createSubgraphSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema<CatalogContext>({ resolvers: [ProductResolver, ProductVariantResolver, CategoryResolver, PriceResolver] }, referenceResolvers);
}

export const catalogSubgraph: SubgraphDefinition<PrismaClient, CatalogContext> = {
  name: "catalog",
  createPrisma: (adapter) => new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }),
  createSchema: createSubgraphSchema,
  createContext: ({ prisma, caller }) => createCatalogContext(prisma, caller),
  seed: seedCatalog,
};
