import { Field, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";
import type { ShelfLocation as ShelfLocationRecord, StockLevel as StockLevelRecord, Store as StoreRecord } from "../generated/prisma/client";
import { ProductVariant } from "./productVariant";
import { ShelfLocation } from "./shelfLocation";
import { StockLevel } from "./stockLevel";
import { Store } from "./store";

@ObjectType({ description: "A variant found in a store: where it sits and how many there are." })
@CacheControl(CacheHint.inherit)
export class LocatedItem {
  @Field(() => ProductVariant, {
    nullable: true,
    description: "Its name, barcode and price come from catalog, through the gateway; null if catalog cannot answer.",
  })
  variant!: ProductVariant;

  @Field(() => Store)
  store!: StoreRecord;

  @Field(() => ShelfLocation, { nullable: true, description: "Null when the store has not recorded a place for it." })
  shelfLocation!: ShelfLocationRecord | null;

  @Field(() => StockLevel, { nullable: true, description: "Null when the store holds no stock record for it." })
  stock!: StockLevelRecord | null;
}
