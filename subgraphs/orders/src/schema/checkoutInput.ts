import { Field, ID, InputType } from "type-graphql";
import { FulfilmentType } from "./fulfilmentType";

@InputType("PostalAddressInput")
export class PostalAddressInput {
  @Field(() => String)
  line1!: string;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  postcode!: string;

  @Field(() => String, { description: "ISO 3166-1 alpha-2 country code." })
  country!: string;
}

@InputType({ description: "SHIP with a shippingAddress, or PICKUP with a pickupStoreId (see ProductVariant.availability(storeId))." })
export class FulfilmentInput {
  @Field(() => FulfilmentType)
  type!: FulfilmentType;

  @Field(() => ID, { nullable: true })
  pickupStoreId?: string | null;

  @Field(() => PostalAddressInput, { nullable: true })
  shippingAddress?: PostalAddressInput | null;
}

@InputType()
export class CheckoutInput {
  @Field(() => ID)
  cartToken!: string;

  @Field(() => String, {
    description:
      "Chosen by the client, once per checkout it means to make (e.g. a UUID), and sent again on every retry of it: " +
      "the same key returns the same order, never a second one.",
  })
  idempotencyKey!: string;

  @Field(() => FulfilmentInput)
  fulfilment!: FulfilmentInput;
}
