import { Field, ObjectType } from "type-graphql";
import { CacheControl, Channel, Money } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

@ObjectType({ description: "What a variant costs on one sales channel." })
@CacheControl(CacheHint.inherit)
export class ChannelPrice {
  @Field(() => Channel)
  channel!: Channel;

  @Field(() => Money)
  price!: Money;

  @Field(() => Boolean, { description: "True when the channel has no price of its own and pays the variant's base price." })
  isBasePrice!: boolean;
}
