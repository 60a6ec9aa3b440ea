import { ArgsType, Field, ID } from "type-graphql";

@ArgsType()
export class LocateItemArgs {
  @Field(() => ID)
  storeId!: string;

  @Field(() => String, { nullable: true, description: "A scanned GTIN-8, -12, -13 or -14." })
  barcode?: string | null;

  @Field(() => String, { nullable: true })
  sku?: string | null;

  @Field(() => String, { nullable: true, description: "Words of the product's name, brand or description." })
  text?: string | null;
}
