import { Arg, Ctx, FieldResolver, GraphQLISODateTime, ID, Mutation, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import { requireSelfOrAdmin } from "@platform/caller";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";
import { badUserInput, notFound } from "@platform/errors";
import type { CustomerContext } from "../context";
import { Customer } from "../schema/customer";
import { CustomerAddress } from "../schema/customerAddress";
import { CustomerConsent } from "../schema/customerConsent";
import { CustomerDataExport, CustomerErasure } from "../schema/customerDataExport";
import { Touchpoint } from "../schema/touchpoint";
import type { CustomerAddressRecord, CustomerRecord } from "../service/customerService";
import { refuseErasedCustomers } from "../service/erasedCustomers";
import type { ErasureOutcome } from "../service/erasureService";
import type { TouchpointRecord } from "../service/journeyService";

/** Whose data: the argument, or the signed-in customer's own when it is left out. */
function subjectOf(caller: CustomerContext["caller"], customerId: string | null | undefined, action: string): string {
  const named = customerId?.trim() || caller.customerId;
  if (!named) throw badUserInput(`"customerId" is required unless a customer is signed in (${action})`, "customerId");
  requireSelfOrAdmin(caller, named, action);
  return named;
}

/** GDPR: a customer's data export (this subgraph's part of the document) and their erasure. */
@Resolver(() => CustomerDataExport)
export class CustomerPrivacyResolver {
  @Query(() => CustomerDataExport, {
    description:
      "GDPR data export: everything we hold about a customer, on every subgraph, as one document. The customer themselves " +
      "(customerId may then be left out) or an admin; FORBIDDEN otherwise. Never cached.",
  })
  @CacheControl(CacheHint.none)
  @UseMiddleware(refuseErasedCustomers())
  async customerDataExport(
    @Arg("customerId", () => ID, { nullable: true }) customerId: string | null | undefined,
    @Ctx() { caller, loaders }: CustomerContext,
  ): Promise<CustomerDataExport> {
    const subject = subjectOf(caller, customerId, "customerDataExport");
    if (!(await loaders.customerById.load(subject))) throw notFound(`No customer has id "${subject}"`);
    return { customerId: subject, exportedAt: new Date() };
  }

  @Mutation(() => CustomerErasure, {
    description:
      "GDPR erasure: removes or anonymises the customer's personal data on every subgraph (orders are kept for accounting, " +
      "without it), purges cached answers, and revokes the customer's sign-in. The customer themselves or an admin; " +
      "FORBIDDEN otherwise. Idempotent: when a subgraph is unavailable nothing changes here (SUBGRAPH_UNAVAILABLE), and a retry completes it.",
  })
  @UseMiddleware(refuseErasedCustomers())
  async eraseCustomer(
    @Arg("customerId", () => ID) customerId: string,
    @Ctx() { caller, erasure, revokedCustomers }: CustomerContext,
  ): Promise<ErasureOutcome> {
    const subject = subjectOf(caller, customerId, "eraseCustomer");
    const outcome = await erasure.erase(subject);
    revokedCustomers.add(subject);
    return outcome;
  }

  @FieldResolver(() => Customer, { description: "The profile: email, names, phone, preferred store, when the account was created." })
  async profile(@Root() data: CustomerDataExport, @Ctx() { loaders }: CustomerContext): Promise<CustomerRecord> {
    const customer = await loaders.customerById.load(data.customerId);
    if (!customer) throw notFound(`No customer has id "${data.customerId}"`);
    return customer;
  }

  @FieldResolver(() => [CustomerAddress], { description: "Saved addresses, the default first." })
  addresses(@Root() data: CustomerDataExport, @Ctx() { loaders }: CustomerContext): Promise<CustomerAddressRecord[]> {
    return loaders.addressesByCustomerId.load(data.customerId);
  }

  @FieldResolver(() => CustomerConsent, { description: "Marketing and analytics consent, and when it was last given or withdrawn." })
  async consent(@Root() data: CustomerDataExport, @Ctx() { loaders }: CustomerContext): Promise<CustomerConsent> {
    const customer = await loaders.customerById.load(data.customerId);
    if (!customer) throw notFound(`No customer has id "${data.customerId}"`);
    return { marketing: customer.marketingConsent, analytics: customer.analyticsConsent, updatedAt: customer.consentUpdatedAt };
  }

  @FieldResolver(() => [Touchpoint], { description: "The whole journey: every touchpoint on every channel, newest first." })
  journey(@Root() data: CustomerDataExport, @Ctx() { erasure }: CustomerContext): Promise<TouchpointRecord[]> {
    return erasure.journeyOf(data.customerId);
  }
}

/** Adds `erasedAt` to Customer. */
@Resolver(() => Customer)
export class CustomerErasedAtResolver {
  @FieldResolver(() => GraphQLISODateTime, {
    nullable: true,
    description: "When the customer's personal data was erased (GDPR); null for an active customer. An erased customer is an anonymous tombstone.",
  })
  erasedAt(@Root() customer: CustomerRecord): Date | null {
    return customer.erasedAt ?? null;
  }
}
