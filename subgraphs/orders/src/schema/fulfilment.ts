import { Field, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";
import { PostalAddress } from "@subgraph-kit/commerce";
import { FulfilmentType } from "./fulfilmentType";
import { Store } from "./store";

@ObjectType("Fulfilment", { description: "How an order reaches the customer: shipped to an address, or picked up in a store." })
@CacheControl(CacheHint.inherit)
export class Fulfilment {
  @Field(() => FulfilmentType)
  type!: FulfilmentType;

  @Field(() => Store, { nullable: true, description: "Where the customer collects the order. PICKUP only." })
  pickupStore!: Store | null;

  @Field(() => PostalAddress, { nullable: true, description: "Where the order is delivered, as given at checkout. SHIP only." })
  shippingAddress!: PostalAddress | null;
}
