import { Directive, Field, ObjectType } from "type-graphql";

/** The catalog subgraph owns ProductVariant; an order line only records which SKU it sold. */
@ObjectType("ProductVariant")
@Directive('@key(fields: "sku", resolvable: false)')
export class ProductVariant {
  @Field(() => String)
  sku!: string;
}
