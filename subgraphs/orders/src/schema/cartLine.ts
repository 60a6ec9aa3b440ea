import { Field, GraphQLISODateTime, Int, ObjectType } from "type-graphql";
import { Channel } from "@subgraph-kit/commerce";

/** `variant` (live price and availability, through federation) is resolved by CartLineResolver. */
@ObjectType("CartLine", { description: "A SKU in a cart. Price and stock are not copied here: ask `variant`, which is always current." })
export class CartLine {
  @Field(() => String)
  sku!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Channel, { description: "The channel that added it." })
  addedOn!: Channel;

  @Field(() => GraphQLISODateTime)
  addedAt!: Date;
}
