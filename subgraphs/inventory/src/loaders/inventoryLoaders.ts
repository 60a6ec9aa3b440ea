import DataLoader from "dataloader";
import type { OpeningHours, PrismaClient, ShelfLocation, StockLevel, Store } from "../generated/prisma/client";
import { oneRowPerKey, rowsPerKey } from "@subgraph-kit/loaders";

/** A variant at a location: the key of stock levels and shelf locations. */
export interface SkuAtStore {
  sku: string;
  storeId: string;
}

const skuAtStoreKey = ({ sku, storeId }: SkuAtStore): string => JSON.stringify([sku, storeId]);

/**
 * The inventory's DataLoaders, created fresh for every request (so nothing is cached across
 * requests). Each batch is one `findMany` with `in`, whatever the number of keys.
 */
export function createInventoryLoaders(prisma: PrismaClient) {
  return {
    storeById: new DataLoader<string, Store | null>(async (ids) =>
      oneRowPerKey(ids, await prisma.store.findMany({ where: { id: { in: [...ids] } } }), (store) => store.id),
    ),

    openingHoursByStoreId: new DataLoader<string, OpeningHours[]>(async (storeIds) =>
      rowsPerKey(
        storeIds,
        await prisma.openingHours.findMany({ where: { storeId: { in: [...storeIds] } }, orderBy: [{ storeId: "asc" }, { dayOfWeek: "asc" }] }),
        (hours) => hours.storeId,
      ),
    ),

    stockLevelAt: new DataLoader<SkuAtStore, StockLevel | null, string>(
      async (keys) => oneRowPerKey(keys.map(skuAtStoreKey), await prisma.stockLevel.findMany({ where: skusAtStores(keys) }), skuAtStoreKey),
      { cacheKeyFn: skuAtStoreKey },
    ),

    stockLevelsBySku: new DataLoader<string, StockLevel[]>(async (skus) =>
      rowsPerKey(
        skus,
        await prisma.stockLevel.findMany({ where: { sku: { in: [...skus] } }, orderBy: [{ sku: "asc" }, { storeId: "asc" }] }),
        (level) => level.sku,
      ),
    ),

    shelfLocationAt: new DataLoader<SkuAtStore, ShelfLocation | null, string>(
      async (keys) => oneRowPerKey(keys.map(skuAtStoreKey), await prisma.shelfLocation.findMany({ where: skusAtStores(keys) }), skuAtStoreKey),
      { cacheKeyFn: skuAtStoreKey },
    ),
  };
}

export type InventoryLoaders = ReturnType<typeof createInventoryLoaders>;

/**
 * Every (sku, storeId) pair of the batch in one condition. Two `in` lists select the cross
 * product, a superset of the pairs asked for; rows of pairs nobody asked for are dropped by
 * `oneRowPerKey`. A batch usually names one store (a list of variants at one location) or one
 * variant (one SKU everywhere), where the cross product is exactly the pairs.
 */
function skusAtStores(keys: readonly SkuAtStore[]) {
  return {
    sku: { in: [...new Set(keys.map((key) => key.sku))] },
    storeId: { in: [...new Set(keys.map((key) => key.storeId))] },
  };
}
