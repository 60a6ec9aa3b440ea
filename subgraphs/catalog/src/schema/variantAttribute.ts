import { Field, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

@ObjectType({ description: "A name and value describing a variant, e.g. size: M, colour: Navy, material: Merino." })
@CacheControl(CacheHint.inherit)
export class VariantAttribute {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}
