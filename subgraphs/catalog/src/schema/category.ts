import { Field, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

@ObjectType({ description: "A node of the category tree." })
@CacheControl(CacheHint.product)
export class Category {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Unique; what `ProductFilter.category` takes." })
  slug!: string;

  @Field(() => String)
  name!: string;

  // parent and children: CategoryResolver.
}
