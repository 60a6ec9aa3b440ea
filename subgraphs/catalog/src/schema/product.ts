import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

@ObjectType({ description: "Something we sell, in one or more variants (size, colour)." })
@Directive('@key(fields: "id")')
@CacheControl(CacheHint.product)
export class Product {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Unique, URL-safe; stable across renames of the product." })
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  brand!: string;

  @Field(() => [String], { description: "Image URLs, the main image first." })
  images!: string[];

  // category and variants: ProductResolver.
}
