import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { CacheControl, type Connection } from "@subgraph-kit";
import { requireAssociateOf } from "@platform/caller";
import { CacheHint } from "../cacheHints";
import type { InventoryContext } from "../context";
import type { StockLevel as StockLevelRecord, StockMovement as StockMovementRecord, Store as StoreRecord } from "../generated/prisma/client";
import { ProductVariant } from "../schema/productVariant";
import { StockLevel } from "../schema/stockLevel";
import { StockMovement } from "../schema/stockMovement";
import { StockMovementConnection } from "../schema/stockMovementConnection";
import { StockMovementsArgs } from "../schema/stockMovementsArgs";
import { Store } from "../schema/store";

@Resolver(() => StockMovement)
export class StockMovementResolver {
  @CacheControl(CacheHint.none)
  @Query(() => StockMovementConnection, { description: "The audit trail of a location's stock, newest first. The location's associates or an admin (FORBIDDEN otherwise)." })
  stockMovements(@Args(() => StockMovementsArgs) args: StockMovementsArgs, @Ctx() { stockMovements, caller }: InventoryContext): Promise<Connection<StockMovementRecord>> {
    requireAssociateOf(caller, args.storeId, "Reading stock movements");
    return stockMovements.list(args);
  }

  @FieldResolver(() => Store)
  async store(@Root() movement: StockMovementRecord, @Ctx() { loaders }: InventoryContext): Promise<StoreRecord> {
    const store = await loaders.storeById.load(movement.storeId);
    if (!store) throw new Error(`Store ${movement.storeId} of stock movement ${movement.id} does not exist`);
    return store;
  }

  @FieldResolver(() => StockLevel, { nullable: true, description: "The variant's stock at the location now (not as the movement left it)." })
  stockLevel(@Root() movement: StockMovementRecord, @Ctx() { loaders }: InventoryContext): Promise<StockLevelRecord | null> {
    return loaders.stockLevelAt.load({ sku: movement.sku, storeId: movement.storeId });
  }

  @FieldResolver(() => ProductVariant, {
    nullable: true,
    description: "Resolved by catalog through the gateway; nullable because history outlives discontinued variants.",
  })
  variant(@Root() movement: StockMovementRecord): ProductVariant {
    return { sku: movement.sku };
  }
}
