import type { ReferenceResolvers } from "@subgraph-kit";
import type { InventoryContext } from "../context";

/**
 * How the gateway's `_entities` representations become rows: through the request's DataLoaders,
 * one query per batch. ProductVariant needs none: its representation, the SKU, is all
 * inventory's contributed fields start from.
 */
export const referenceResolvers: ReferenceResolvers<InventoryContext> = {
  Store: {
    __resolveReference: (reference: { id: string }, { loaders }) => loaders.storeById.load(reference.id),
  },
};
