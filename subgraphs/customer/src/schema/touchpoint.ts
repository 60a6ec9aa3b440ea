import { Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";
import { Channel } from "@subgraph-kit/commerce";
import { TouchpointType } from "./touchpointType";

/** `store` is resolved from the stored storeId by TouchpointResolver. */
@ObjectType("Touchpoint", { description: "One moment of a customer's journey, on one channel." })
@CacheControl(CacheHint.inherit)
export class Touchpoint {
  @Field(() => ID)
  id!: string;

  @Field(() => TouchpointType)
  type!: TouchpointType;

  @Field(() => Channel, { description: "The channel of the request that recorded it." })
  channel!: Channel;

  @Field(() => String, { nullable: true, description: "The variant viewed or added to the cart." })
  sku!: string | null;

  @Field(() => ID, { nullable: true, description: "The order placed or picked up." })
  orderId!: string | null;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;
}
