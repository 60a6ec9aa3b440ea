import type { RequestCaller } from "@platform/caller";
import type { PrismaClient } from "./generated/prisma/client";
import { createInventoryLoaders, type InventoryLoaders } from "./loaders/inventoryLoaders";
import type { CatalogClient } from "./service/catalogClient";
import type { InventoryMetrics } from "./service/inventoryMetrics";
import { LocateItemService } from "./service/locateItemService";
import { StockAdjustmentService } from "./service/stockAdjustmentService";
import { StockMovementService } from "./service/stockMovementService";
import { StockReservationService } from "./service/stockReservationService";
import { StoreService } from "./service/storeService";

export interface InventoryContext {
  caller: RequestCaller;
  loaders: InventoryLoaders;
  stores: StoreService;
  locateItem: LocateItemService;
  stockMovements: StockMovementService;
  reservations: StockReservationService;
  adjustments: StockAdjustmentService;
}

/** One per GraphQL request: the DataLoaders, and so their caches, never outlive it. */
export function createInventoryContext(
  prisma: PrismaClient,
  caller: RequestCaller,
  catalog: CatalogClient,
  eventsCommitted: () => void,
  metrics: InventoryMetrics,
): InventoryContext {
  const loaders = createInventoryLoaders(prisma);
  const stores = new StoreService(prisma, loaders);
  return {
    caller,
    loaders,
    stores,
    locateItem: new LocateItemService(loaders, stores, catalog),
    stockMovements: new StockMovementService(prisma, stores),
    reservations: new StockReservationService(prisma, stores, eventsCommitted, metrics),
    adjustments: new StockAdjustmentService(prisma, stores, catalog, eventsCommitted, metrics),
  };
}
