import type { ReferenceResolvers } from "@subgraph-kit/federation";
import { requireSelfOrAdmin } from "@platform/caller";
import type { CustomerContext } from "../context";

/**
 * A gateway's `_entities` batch becomes one `customerById` batch: one SQL query, whatever its
 * size. A customer reached from another subgraph (an order's customer) is as private as one
 * asked for by id: the customer themselves or an admin.
 */
export const referenceResolvers: ReferenceResolvers<CustomerContext> = {
  Customer: {
    __resolveReference: (reference: { id: string }, { loaders, caller }) => {
      requireSelfOrAdmin(caller, reference.id, "Reading a customer");
      return loaders.customerById.load(reference.id);
    },
  },
};
