import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from "type-graphql";
import type { CustomerContext } from "../context";
import { Customer } from "../schema/customer";
import { UpdateConsentInput } from "../schema/updateConsentInput";
import type { CustomerRecord } from "../service/customerService";
import { refuseErasedCustomers } from "../service/erasedCustomers";
import { authorizeConsentChange } from "../service/journeyAccess";

@Resolver(() => Customer)
export class ConsentResolver {
  @Mutation(() => Customer, {
    description:
      "Changes a customer's marketing and/or analytics consent (at least one), at once: the next recordTouchpoint honours it. " +
      "A signed-in customer changes their own; a service names the customer.",
  })
  @UseMiddleware(refuseErasedCustomers((args) => args.input?.customerId))
  updateConsent(
    @Arg("input", () => UpdateConsentInput) input: UpdateConsentInput,
    @Ctx() { caller, consent }: CustomerContext,
  ): Promise<CustomerRecord> {
    const customerId = authorizeConsentChange(caller, input.customerId);
    return consent.update(customerId, input);
  }
}
