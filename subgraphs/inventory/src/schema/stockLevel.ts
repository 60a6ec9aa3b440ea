import { Field, Int, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

@ObjectType({ description: "How many units of one variant one location holds." })
@CacheControl(CacheHint.stock)
export class StockLevel {
  @Field(() => Int, { description: "Units physically at the location." })
  onHand!: number;

  @Field(() => Int, { description: "Units promised to orders that have not left the location yet." })
  reserved!: number;

  // store, available and inStock: StockLevelResolver.
}
