import type { ReferenceResolvers } from "../../../shared/src/federation";
import { readable } from "./orderResolver";
import type { OrdersContext } from "../context";
import type { Customer } from "../schema/customer";

export const referenceResolvers: ReferenceResolvers<OrdersContext> = {
  /** A gateway's `_entities` batch becomes one `orderById` batch: one SQL query, whatever its size. */
  Order: {
    __resolveReference: async (reference: { id: string }, { loaders, caller }) => readable(await loaders.orderById.load(reference.id), caller),
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
