import type { Order as OrderRecord, OrderLine as OrderLineRecord } from "../generated/prisma/client";

export type { OrderRecord, OrderLineRecord };

/** A line with its order's currency: enough to price it on its own. */
export type PricedOrderLine = OrderLineRecord & { currency: string };
