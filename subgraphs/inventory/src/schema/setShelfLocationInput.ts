import { Field, ID, InputType } from "type-graphql";

@InputType("SetShelfLocationInput")
export class SetShelfLocationInput {
  @Field(() => String)
  sku!: string;

  @Field(() => ID, { description: "The associate's own store (header x-commerce-store)." })
  storeId!: string;

  @Field(() => String, { description: "1 to 16 letters, digits or dashes, e.g. A3." })
  aisle!: string;

  @Field(() => String)
  bay!: string;

  @Field(() => String)
  shelf!: string;
}
