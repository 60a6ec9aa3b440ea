import { ArgsType, Field, Int } from "type-graphql";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "@subgraph-kit/pagination";

/** Validated by parseCustomerOrdersPage, so that a bad value is BAD_USER_INPUT naming the argument. */
@ArgsType()
export class CustomerOrdersArgs {
  @Field(() => Int, { nullable: true, description: `How many orders, 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when omitted.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page; from the newest order when omitted." })
  after?: string | null;
}
