import type { PrismaClient } from "./generated/prisma/client";
import { createInventoryLoaders, type InventoryLoaders } from "./loaders/inventoryLoaders";
import type { CatalogClient } from "./service/catalogClient";
import { LocateItemService } from "./service/locateItemService";
import { StockMovementService } from "./service/stockMovementService";
import { StoreService } from "./service/storeService";

export interface InventoryContext {
  loaders: InventoryLoaders;
  stores: StoreService;
  locateItem: LocateItemService;
  stockMovements: StockMovementService;
}

/** One per GraphQL request: the DataLoaders, and so their caches, never outlive it. */
export function createInventoryContext(prisma: PrismaClient, catalog: CatalogClient): InventoryContext {
  const loaders = createInventoryLoaders(prisma);
  const stores = new StoreService(prisma, loaders);
  return {
    loaders,
    stores,
    locateItem: new LocateItemService(loaders, stores, catalog),
    stockMovements: new StockMovementService(prisma, stores),
  };
}
