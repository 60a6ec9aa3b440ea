import { Directive, Field, ObjectType } from "type-graphql";

/**
 * Catalog owns ProductVariant; inventory knows it only by SKU and contributes stock and shelf
 * locations to it. Those fields are nullable so that a failure here never nulls the variant.
 */
@ObjectType()
@Directive('@key(fields: "sku")')
export class ProductVariant {
  @Field(() => String)
  sku!: string;
}
