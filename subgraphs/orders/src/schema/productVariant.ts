import { Directive, Field, ObjectType } from "type-graphql";
import { CacheControl, CacheHint } from "../../../shared/src/cache";

/** The catalog subgraph owns ProductVariant; an order line only records which SKU it sold. */
@ObjectType("ProductVariant")
@Directive('@key(fields: "sku", resolvable: false)')
@CacheControl(CacheHint.inherit)
export class ProductVariant {
  @Field(() => String)
  sku!: string;
}
