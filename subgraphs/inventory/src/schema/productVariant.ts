import { Directive, Field, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

/**
 * Catalog owns ProductVariant; inventory knows it only by SKU and contributes stock and shelf
 * locations to it. Those fields are nullable so that a failure here never nulls the variant.
 */
@ObjectType()
@Directive('@key(fields: "sku")')
// The hint of inventory's `_entities` answers for variants: all it adds to them is stock.
@CacheControl(CacheHint.stock)
export class ProductVariant {
  @Field(() => String)
  sku!: string;
}
