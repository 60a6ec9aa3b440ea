import { Field, InputType } from "type-graphql";

@InputType({ description: "Narrows `products`; every criterion given must hold." })
export class ProductFilter {
  @Field(() => String, {
    nullable: true,
    description: "Words that must all appear, in any case, each in the name, the brand or the description.",
  })
  text?: string | null;

  @Field(() => String, { nullable: true, description: "A category slug; products of its sub-categories match too." })
  category?: string | null;

  @Field(() => String, { nullable: true, description: "A brand, in any case." })
  brand?: string | null;
}
