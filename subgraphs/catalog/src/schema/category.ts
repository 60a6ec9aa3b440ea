import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A node of the category tree." })
export class Category {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Unique; what `ProductFilter.category` takes." })
  slug!: string;

  @Field(() => String)
  name!: string;

  // parent and children: CategoryResolver.
}
