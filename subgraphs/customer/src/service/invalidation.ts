import { entityTag, rootTag } from "@platform/invalidation";
import { reportInvalidation } from "@subgraph-kit/cache";

/** After a committed change of a customer's account or journey: the customer, and customer's root fields. */
export function reportCustomerChanged(customerId: string): void {
  reportInvalidation(entityTag("Customer", { id: customerId }), rootTag("customer"));
}
