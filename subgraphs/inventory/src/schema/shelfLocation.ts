import { Field, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

@ObjectType({ description: "Where a variant sits inside a location." })
@CacheControl(CacheHint.stock)
export class ShelfLocation {
  @Field(() => String, { description: "e.g. A3; warehouse aisles start with W." })
  aisle!: string;

  @Field(() => String)
  bay!: string;

  @Field(() => String)
  shelf!: string;
}
