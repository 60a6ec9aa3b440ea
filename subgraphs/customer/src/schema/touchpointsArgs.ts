import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class TouchpointsArgs {
  @Field(() => Int, { nullable: true, description: "Page size, 1 to 100; 20 when omitted." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;
}
