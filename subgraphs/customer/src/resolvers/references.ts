import type { ReferenceResolvers } from "../../../shared/src/federation";
import type { CustomerContext } from "../context";

/** A gateway's `_entities` batch becomes one `customerById` batch: one SQL query, whatever its size. */
export const referenceResolvers: ReferenceResolvers<CustomerContext> = {
  Customer: {
    __resolveReference: (reference: { id: string }, { loaders }) => loaders.customerById.load(reference.id),
  },
};
