import type { ReferenceResolvers } from "@subgraph-kit";
import type { CatalogContext } from "../context";

/** How the gateway's `_entities` representations become rows: through the request's DataLoaders, one query per batch. */
export const referenceResolvers: ReferenceResolvers<CatalogContext> = {
  Product: {
    __resolveReference: (reference: { id: string }, { loaders }) => loaders.productById.load(reference.id),
  },
  ProductVariant: {
    __resolveReference: (reference: { sku: string }, { loaders }) => loaders.variantBySku.load(reference.sku),
  },
};
