import { ArgsType, Field, ID, Int } from "type-graphql";
import { ProductFilter } from "./productFilter";

// Argument classes keep the SDL's argument order as written (separate @Arg decorators run last first).

@ArgsType()
export class ProductLookupArgs {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  slug?: string | null;
}

@ArgsType()
export class ProductsArgs {
  @Field(() => ProductFilter, { nullable: true })
  filter?: ProductFilter | null;

  @Field(() => Int, { nullable: true, description: "Page size, 1 to 100; 20 when omitted." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;
}
