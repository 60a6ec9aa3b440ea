import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { requireAdmin, requireSelfOrAdmin } from "@platform/caller";
import type { CustomerContext } from "../context";
import { Customer } from "../schema/customer";
import { CustomerAddress } from "../schema/customerAddress";
import { CustomerConsent } from "../schema/customerConsent";
import { Store } from "../schema/store";
import type { CustomerAddressRecord, CustomerRecord } from "../service/customerService";
import { normalizeEmail } from "../service/email";

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: "A customer by id; null when there is none. The customer themselves or an admin (FORBIDDEN otherwise)." })
  customer(@Arg("id", () => ID) id: string, @Ctx() { loaders, caller }: CustomerContext): Promise<CustomerRecord | null> {
    requireSelfOrAdmin(caller, id, "Reading a customer");
    return loaders.customerById.load(id);
  }

  @Query(() => Customer, { nullable: true, description: "A customer by email, in any letter case; null when there is none. Admins only (FORBIDDEN otherwise)." })
  customerByEmail(@Arg("email", () => String) email: string, @Ctx() { loaders, caller }: CustomerContext): Promise<CustomerRecord | null> {
    if (!caller.service) requireAdmin(caller, "Finding a customer by email");
    return loaders.customerByEmail.load(normalizeEmail(email, "email"));
  }

  @FieldResolver(() => String, { description: "First and last name, as we address the customer." })
  name(@Root() customer: CustomerRecord): string {
    return `${customer.firstName} ${customer.lastName}`;
  }

  @FieldResolver(() => [CustomerAddress], { description: "Saved addresses, the default first." })
  addresses(@Root() customer: CustomerRecord, @Ctx() { loaders }: CustomerContext): Promise<CustomerAddressRecord[]> {
    return loaders.addressesByCustomerId.load(customer.id);
  }

  @FieldResolver(() => Store, { nullable: true, description: "The store the customer shops at, for pickup and stock checks." })
  preferredStore(@Root() customer: CustomerRecord): Store | null {
    return customer.preferredStoreId === null ? null : { id: customer.preferredStoreId };
  }

  @FieldResolver(() => CustomerConsent)
  consent(@Root() customer: CustomerRecord): CustomerConsent {
    return { marketing: customer.marketingConsent, analytics: customer.analyticsConsent, updatedAt: customer.consentUpdatedAt };
  }
}
