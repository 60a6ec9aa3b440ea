import { Directive, Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "One sellable item of a product: a size and colour with its own SKU, barcode and price." })
@Directive('@key(fields: "sku")')
export class ProductVariant {
  @Field(() => ID, { description: "Stock keeping unit: the identifier every channel and subgraph uses for this item." })
  sku!: string;

  @Field(() => String, { description: "The GTIN (EAN-13, UPC-A, ...) printed on the label, as printed." })
  barcode!: string;

  @Field(() => String)
  size!: string;

  @Field(() => String)
  colour!: string;

  // attributes, product, price and prices: ProductVariantResolver.
}
