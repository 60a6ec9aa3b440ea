import { Field, ID, Int, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";

/** `unitPrice`, `lineTotal` and `variant` are resolved by OrderLineResolver. */
@ObjectType("OrderLine", { description: "One SKU of an order, as it was sold." })
@CacheControl(CacheHint.inherit)
export class OrderLine {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  sku!: string;

  @Field(() => String, { description: "The product's name when the order was placed; the catalog may have renamed it since." })
  productName!: string;

  @Field(() => Int)
  quantity!: number;
}
