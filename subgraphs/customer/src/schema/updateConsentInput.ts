import { Field, ID, InputType } from "type-graphql";

/** At least one of marketing and analytics; an omitted choice stays as it is. */
@InputType("UpdateConsentInput")
export class UpdateConsentInput {
  @Field(() => Boolean, { nullable: true })
  marketing?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  analytics?: boolean | null;

  @Field(() => ID, {
    nullable: true,
    description: "Whose consent. A service must name the customer; a signed-in customer may omit it or name themselves.",
  })
  customerId?: string | null;
}
