import { Directive, Field, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

@ObjectType({ description: "One sellable item of a product: a size and colour with its own SKU, barcode and price." })
@Directive('@key(fields: "sku")')
@CacheControl(CacheHint.product)
export class ProductVariant {
  // String, not ID: a SKU is a business code people read and type, and every subgraph keys the variant by it as String.
  @Field(() => String, { description: "Stock keeping unit, e.g. NW-0001-RED-XL: the code every channel and subgraph knows this item by." })
  sku!: string;

  @Field(() => String, { description: "The GTIN (EAN-13, UPC-A, ...) printed on the label, as printed." })
  barcode!: string;

  @Field(() => String)
  size!: string;

  @Field(() => String)
  colour!: string;

  // attributes, product, price and prices: ProductVariantResolver.
}
