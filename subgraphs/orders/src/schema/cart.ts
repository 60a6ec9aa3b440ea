import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";
import { Channel } from "@subgraph-kit/commerce";
import { CartStatus } from "./cartStatus";

/** `lines`, `itemCount`, `customer` and `order` are resolved by CartResolver. */
@ObjectType("Cart", { description: "A cart kept server-side: any device holding its token can continue it." })
@CacheControl(CacheHint.none)
export class Cart {
  @Field(() => ID, {
    description: "The opaque token that addresses this cart from any device (put it in a QR code to move the cart to a kiosk).",
  })
  token!: string;

  @Field(() => CartStatus)
  status!: CartStatus;

  @Field(() => Channel, { description: "The channel the cart was started on." })
  createdOn!: Channel;

  @Field(() => Channel, { description: "The channel that changed it last." })
  lastChannel!: Channel;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}
