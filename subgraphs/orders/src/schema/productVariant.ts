import { Directive, Field, ObjectType } from "type-graphql";

/** The catalog subgraph owns ProductVariant; an order line only records which SKU it sold. */
@ObjectType("ProductVariant", { description: "A sellable variant, resolved by the catalog subgraph." })
@Directive('@key(fields: "sku", resolvable: false)')
export class ProductVariant {
  @Field(() => String)
  sku!: string;
}
