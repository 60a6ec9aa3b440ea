import { Field, InputType, Int } from "type-graphql";
import { Channel } from "@subgraph-kit";

@InputType("SetPriceInput")
export class SetPriceInput {
  @Field(() => String)
  sku!: string;

  @Field(() => Channel, { nullable: true, description: "The channel whose own price this is; omitted, the variant's base price (what channels without their own pay)." })
  channel?: Channel | null;

  @Field(() => Int, { description: "In the variant's currency's minor unit, e.g. 4299 for £42.99; 0 to 100,000,000." })
  amountMinor!: number;
}
