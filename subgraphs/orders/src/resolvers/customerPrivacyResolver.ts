import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { requireSelfOrAdmin, requireService } from "@platform/caller";
import type { OrdersContext } from "../context";
import { Cart } from "../schema/cart";
import { CustomerDataAnonymisation, CustomerDataExport } from "../schema/customerDataExport";
import { Order } from "../schema/order";
import type { CartRecord } from "../service/cartService";
import type { AnonymisationOutcome } from "../service/customerPrivacyService";
import type { OrderRecord } from "../service/orderRecords";

/** The services that may anonymise a customer's orders: the customer subgraph, as part of `eraseCustomer`. */
export const ANONYMISING_SERVICES: readonly string[] = ["customer"];

/** GDPR: the orders part of a customer's data export, and the orders part of their erasure. */
@Resolver(() => CustomerDataExport)
export class CustomerPrivacyResolver {
  // Nullable: contributed fields must not null the export when this subgraph fails.
  @FieldResolver(() => [Order], { nullable: true, description: "Every order of the customer, newest first (kept after erasure, without personal data)." })
  orders(@Root() data: CustomerDataExport, @Ctx() { caller, privacy }: OrdersContext): Promise<OrderRecord[]> {
    requireSelfOrAdmin(caller, data.customerId, "customerDataExport");
    return privacy.loaders.allOrdersByCustomerId.load(data.customerId);
  }

  @FieldResolver(() => [Cart], { nullable: true, description: "Every cart of the customer (open, merged or checked out), newest first." })
  carts(@Root() data: CustomerDataExport, @Ctx() { caller, privacy }: OrdersContext): Promise<CartRecord[]> {
    requireSelfOrAdmin(caller, data.customerId, "customerDataExport");
    return privacy.loaders.allCartsByCustomerId.load(data.customerId);
  }

  @Mutation(() => CustomerDataAnonymisation, {
    description:
      "Erasure, the orders part: removes the shipping address of every order of the customer (orders are kept for accounting) " +
      "and deletes their carts. Idempotent. Only the customer service calls it, from eraseCustomer.",
  })
  @Directive("@inaccessible")
  anonymiseCustomerData(@Arg("customerId", () => ID) customerId: string, @Ctx() { caller, privacy }: OrdersContext): Promise<AnonymisationOutcome> {
    requireService(caller, "anonymiseCustomerData", ANONYMISING_SERVICES);
    return privacy.service.anonymise(customerId);
  }
}
