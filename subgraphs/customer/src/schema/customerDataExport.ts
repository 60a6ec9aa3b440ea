import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";

/**
 * GDPR: everything we hold about one customer, as one document assembled across subgraphs. This
 * subgraph answers `customerDataExport` and the profile, addresses, consent and journey; the
 * orders subgraph adds `orders` and `carts` (federation, by `customerId`). Never cached: it is a
 * person's whole record, asked for rarely, and must not sit in a shared cache.
 */
@ObjectType("CustomerDataExport", { description: "Everything we hold about one customer, on every subgraph (GDPR data export)." })
@Directive('@key(fields: "customerId")')
@CacheControl(CacheHint.none)
export class CustomerDataExport {
  @Field(() => ID)
  customerId!: string;

  @Field(() => GraphQLISODateTime, { description: "When this document was assembled." })
  exportedAt!: Date;
}

@ObjectType("CustomerErasure", { description: "What eraseCustomer removed or anonymised, on every subgraph." })
export class CustomerErasure {
  @Field(() => ID)
  customerId!: string;

  @Field(() => GraphQLISODateTime, { description: "When the customer was first erased (a repeat keeps the first time)." })
  erasedAt!: Date;

  @Field(() => Int, { description: "Saved addresses deleted by this call." })
  addressesDeleted!: number;

  @Field(() => Int, { description: "Journey touchpoints deleted by this call." })
  touchpointsDeleted!: number;

  @Field(() => Int, { description: "Orders whose shipping address was removed by this call." })
  ordersAnonymised!: number;

  @Field(() => Int, { description: "Orders kept for accounting, without personal data, still under the customer's (now anonymous) id." })
  ordersKept!: number;

  @Field(() => Int, { description: "Carts deleted by this call." })
  cartsDeleted!: number;
}
