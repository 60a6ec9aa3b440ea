import type { ReferenceResolvers } from "@subgraph-kit/federation";
import { readable } from "./orderResolver";
import type { OrdersContext } from "../context";
import type { Customer } from "../schema/customer";

export const referenceResolvers: ReferenceResolvers<OrdersContext> = {
  /**
   * A gateway's `_entities` batch becomes one `orderById` batch: one SQL query, whatever its size.
   * Another customer's order is null, like an unknown one; an anonymous caller is refused first.
   */
  Order: {
    __resolveReference: (reference: { id: string }, { loaders, caller }) => readable(caller, () => loaders.orderById.load(reference.id)),
  },
  /**
   * Customers live in the customer subgraph; here a reference only anchors `orders`. Nothing is
   * read: a customer with no orders (or unknown here) simply has an empty connection.
   */
  Customer: {
    __resolveReference: (reference: { id: string }): Customer => ({ id: reference.id }),
  },
  /** The customer subgraph's export document; the fields added here check who asks (see CustomerPrivacyResolver). */
  CustomerDataExport: {
    __resolveReference: (reference: { customerId: string }) => ({ customerId: reference.customerId }),
  },
};
