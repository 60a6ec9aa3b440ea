import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { InventoryContext } from "../context";
import type { ShelfLocation as ShelfLocationRecord, StockMovement as StockMovementRecord } from "../generated/prisma/client";
import { AdjustStockInput } from "../schema/adjustStockInput";
import { LocatedItem } from "../schema/locatedItem";
import { SetShelfLocationInput } from "../schema/setShelfLocationInput";
import { StockMovement } from "../schema/stockMovement";

/** Handheld stock work: an associate (headers x-commerce-associate and x-commerce-store) in their own store. */
@Resolver()
export class StockAdjustmentResolver {
  @Mutation(() => StockMovement, {
    description:
      "Changes the on-hand count with a reason; the movement records who and when. Below the units reserved for orders: BAD_USER_INPUT with extensions.reason RESERVED_STOCK.",
  })
  adjustStock(@Arg("input", () => AdjustStockInput) input: AdjustStockInput, @Ctx() { adjustments, caller }: InventoryContext): Promise<StockMovementRecord> {
    return adjustments.adjust(input, caller);
  }

  @Mutation(() => LocatedItem, { description: "Moves a stocked variant to another place in the associate's store." })
  async setShelfLocation(
    @Arg("input", () => SetShelfLocationInput) input: SetShelfLocationInput,
    @Ctx() { adjustments, caller, loaders }: InventoryContext,
  ): Promise<LocatedItem> {
    const shelfLocation: ShelfLocationRecord = await adjustments.setShelfLocation(input, caller);
    const key = { sku: input.sku, storeId: input.storeId };
    const [store, stock] = await Promise.all([loaders.storeById.load(input.storeId), loaders.stockLevelAt.load(key)]);
    return { variant: { sku: input.sku }, store: store!, shelfLocation, stock };
  }
}
