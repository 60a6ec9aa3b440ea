import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";

/**
 * The customer subgraph owns Customer; this subgraph contributes `orders` to it (see
 * CustomerOrdersResolver) and resolves a reference to `{ id }` without reading anything.
 */
@ObjectType("Customer")
@Directive('@key(fields: "id")')
// The hint of this subgraph's `_entities` answers for customers: all it adds to them is their orders.
@CacheControl(CacheHint.order)
export class Customer {
  @Field(() => ID)
  id!: string;
}
