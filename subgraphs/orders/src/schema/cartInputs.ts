import { Field, ID, InputType, Int } from "type-graphql";

@InputType({ description: "Adds units of a SKU to a cart (to the units already there)." })
export class AddCartLineInput {
  @Field(() => ID)
  cartToken!: string;

  @Field(() => String)
  sku!: string;

  @Field(() => Int, { defaultValue: 1 })
  quantity!: number;
}

@InputType({ description: "Sets how many units of a SKU a cart holds; 0 removes the line." })
export class SetCartLineQuantityInput {
  @Field(() => ID)
  cartToken!: string;

  @Field(() => String)
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}
