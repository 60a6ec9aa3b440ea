import { ArgsType, Field, ID, Int } from "type-graphql";

@ArgsType()
export class StockMovementsArgs {
  @Field(() => ID)
  storeId!: string;

  @Field(() => String, { nullable: true, description: "Only this variant's movements." })
  sku?: string | null;

  @Field(() => Int, { nullable: true, description: "Page size, 1 to 100; 20 when omitted." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;
}
