import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root, UseMiddleware } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";
import { Channel } from "@subgraph-kit/commerce";
import { type Connection, toConnection } from "@subgraph-kit/pagination";
import type { CustomerContext } from "../context";
import { Customer } from "../schema/customer";
import { RecordTouchpointInput } from "../schema/recordTouchpointInput";
import { RecordTouchpointResult } from "../schema/recordTouchpointResult";
import { ShoppingStage } from "../schema/shoppingStage";
import { TouchpointConnection } from "../schema/touchpointConnection";
import { TouchpointsArgs } from "../schema/touchpointsArgs";
import type { CustomerRecord } from "../service/customerService";
import { refuseErasedCustomers } from "../service/erasedCustomers";
import { authorizeTouchpoint } from "../service/journeyAccess";
import type { RecordOutcome, TouchpointRecord } from "../service/journeyService";
import { parseTouchpointsPage, touchpointCursorOf } from "../service/touchpointCursor";

/** The customer's journey across channels: touchpoints, and the stage and channel they add up to. */
@Resolver(() => Customer)
export class JourneyResolver {
  @Mutation(() => RecordTouchpointResult, {
    description:
      "Records a moment of a customer's journey, on the request's channel, if the customer has analytics consent " +
      "(otherwise recorded is false and reason NO_ANALYTICS_CONSENT). A signed-in customer records their own " +
      "PRODUCT_VIEWED, ADDED_TO_CART and STORE_CHECK_IN; the orders service records any type for a customer.",
  })
  @UseMiddleware(refuseErasedCustomers())
  recordTouchpoint(
    @Arg("input", () => RecordTouchpointInput) input: RecordTouchpointInput,
    @Ctx() { caller, journey }: CustomerContext,
  ): Promise<RecordOutcome> {
    return journey.record(authorizeTouchpoint(caller, input));
  }

  @CacheControl(CacheHint.journey)
  @FieldResolver(() => TouchpointConnection, { description: "The customer's touchpoints on every channel, newest first." })
  async touchpoints(
    @Root() customer: CustomerRecord,
    @Args(() => TouchpointsArgs) { first, after }: TouchpointsArgs,
    @Ctx() { loaders }: CustomerContext,
  ): Promise<Connection<TouchpointRecord>> {
    const page = parseTouchpointsPage(first, after);
    const [rows, totalCount] = await Promise.all([
      loaders.touchpointsPage.load({ customerId: customer.id, page }),
      loaders.touchpointCountByCustomerId.load(customer.id),
    ]);
    return toConnection(rows, page.size, totalCount, touchpointCursorOf);
  }

  @CacheControl(CacheHint.journey)
  @FieldResolver(() => ShoppingStage, { nullable: true, description: "Derived from the touchpoints; null when there are none." })
  async shoppingStage(@Root() customer: CustomerRecord, @Ctx() { loaders }: CustomerContext): Promise<ShoppingStage | null> {
    return (await loaders.journeySummaryByCustomerId.load(customer.id))?.shoppingStage ?? null;
  }

  @CacheControl(CacheHint.journey)
  @FieldResolver(() => Channel, { nullable: true, description: "The channel of the newest touchpoint; null when there are none." })
  async lastChannel(@Root() customer: CustomerRecord, @Ctx() { loaders }: CustomerContext): Promise<Channel | null> {
    return ((await loaders.journeySummaryByCustomerId.load(customer.id))?.lastChannel as Channel | undefined) ?? null;
  }
}
