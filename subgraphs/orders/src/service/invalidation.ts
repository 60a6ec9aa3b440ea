import { entityTag, rootTag } from "@platform/invalidation";
import { reportInvalidation } from "@subgraph-kit";

/** After a committed order change: the order, its customer's `orders`, and orders' root fields. */
export function reportOrderChanged(order: { id: string; customerId: string }): void {
  reportInvalidation(entityTag("Order", { id: order.id }), entityTag("Customer", { id: order.customerId }), rootTag("orders"));
}

/** After a committed cart change. Carts are never cached; orders' root fields may include them. */
export function reportCartChanged(): void {
  reportInvalidation(rootTag("orders"));
}
