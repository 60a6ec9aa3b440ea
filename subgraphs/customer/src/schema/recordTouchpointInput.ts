import { Field, ID, InputType } from "type-graphql";
import { TouchpointType } from "./touchpointType";

/**
 * The channel always comes from the request (header x-commerce-channel), and so does the store
 * (x-commerce-store), except where `storeId` may name it: see the field and authorizeTouchpoint.
 */
@InputType("RecordTouchpointInput")
export class RecordTouchpointInput {
  @Field(() => TouchpointType)
  type!: TouchpointType;

  @Field(() => ID, {
    nullable: true,
    description: "Whose touchpoint. A service must name the customer; a signed-in customer may omit it or name themselves.",
  })
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: "The variant: required for PRODUCT_VIEWED and ADDED_TO_CART." })
  sku?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "The store, instead of the request's (x-commerce-store): a service names any store, overriding the header " +
      "(e.g. the pickup store of ORDER_PLACED); a customer only the store of a STORE_CHECK_IN made without a store header.",
  })
  storeId?: string | null;

  @Field(() => ID, { nullable: true, description: "The order: required for ORDER_PLACED and PICKED_UP." })
  orderId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Idempotency key, unique per customer (e.g. order-placed:<orderId>): a retry returns the touchpoint the first call recorded.",
  })
  dedupeKey?: string | null;
}
