import { Arg, Ctx, FieldResolver, ID, Resolver, Root } from "type-graphql";
import type { InventoryContext } from "../context";
import type { ShelfLocation as ShelfLocationRecord, StockLevel as StockLevelRecord } from "../generated/prisma/client";
import { ProductVariant } from "../schema/productVariant";
import { ShelfLocation } from "../schema/shelfLocation";
import { StockLevel } from "../schema/stockLevel";

/** Inventory's fields on catalog's ProductVariant; every one is batched across the variants of a request. */
@Resolver(() => ProductVariant)
export class ProductVariantResolver {
  @FieldResolver(() => StockLevel, { nullable: true, description: "Stock at one location; null when it holds no stock record for this variant." })
  availability(
    @Root() variant: ProductVariant,
    @Arg("storeId", () => ID) storeId: string,
    @Ctx() { loaders }: InventoryContext,
  ): Promise<StockLevelRecord | null> {
    return loaders.stockLevelAt.load({ sku: variant.sku, storeId });
  }

  @FieldResolver(() => [StockLevel], { nullable: true, description: "Stock at every location that records it, by store id." })
  stockLevels(@Root() variant: ProductVariant, @Ctx() { loaders }: InventoryContext): Promise<StockLevelRecord[]> {
    return loaders.stockLevelsBySku.load(variant.sku);
  }

  @FieldResolver(() => ShelfLocation, { nullable: true, description: "Where it sits in a store; null when the store has not recorded a place." })
  shelfLocation(
    @Root() variant: ProductVariant,
    @Arg("storeId", () => ID) storeId: string,
    @Ctx() { loaders }: InventoryContext,
  ): Promise<ShelfLocationRecord | null> {
    return loaders.shelfLocationAt.load({ sku: variant.sku, storeId });
  }
}
