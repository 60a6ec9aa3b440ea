import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { InventoryContext } from "../context";
import type { StockLevel as StockLevelRecord, Store as StoreRecord } from "../generated/prisma/client";
import { StockLevel } from "../schema/stockLevel";
import { Store } from "../schema/store";

@Resolver(() => StockLevel)
export class StockLevelResolver {
  @FieldResolver(() => Store)
  async store(@Root() level: StockLevelRecord, @Ctx() { loaders }: InventoryContext): Promise<StoreRecord> {
    const store = await loaders.storeById.load(level.storeId);
    // The foreign key guarantees it; a miss means the database changed under us.
    if (!store) throw new Error(`Store ${level.storeId} of the stock level of ${level.sku} does not exist`);
    return store;
  }

  @FieldResolver(() => Int, { description: "Units that can still be sold: on hand less reserved." })
  available(@Root() level: StockLevelRecord): number {
    return level.onHand - level.reserved;
  }

  @FieldResolver(() => Boolean, { description: "At least one unit available." })
  inStock(@Root() level: StockLevelRecord): boolean {
    return level.onHand - level.reserved > 0;
  }
}
