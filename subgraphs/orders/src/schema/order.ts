import { Directive, Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";
import { Channel } from "@subgraph-kit/commerce";
import { OrderStatus } from "./orderStatus";

/**
 * This subgraph is the source of record for orders. The stored columns are fields here;
 * `customer`, `fulfilment`, `lines`, `itemCount` and `total` are resolved by OrderResolver.
 */
@ObjectType("Order", { description: "A placed order." })
@Directive('@key(fields: "id")')
@CacheControl(CacheHint.order)
export class Order {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "The number customers and staff quote, e.g. NW-100042." })
  number!: string;

  @Field(() => Channel, { description: "Where the order was placed." })
  channel!: Channel;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => GraphQLISODateTime)
  placedAt!: Date;

  @Field(() => [Channel], {
    description: "The channels the order's cart went through, in order, ending with the one that checked out (e.g. MOBILE, KIOSK).",
  })
  channels!: Channel[];
}
