import { Field, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";

/** The `address` field is resolved from the stored columns by CustomerAddressResolver. */
@ObjectType("CustomerAddress", { description: "An address a customer keeps on their account." })
@CacheControl(CacheHint.inherit)
export class CustomerAddress {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "The customer's name for it, e.g. Home or Work." })
  label!: string;

  @Field(() => Boolean, { description: "The address checkout suggests first. At most one per customer." })
  isDefault!: boolean;
}
