import DataLoader from "dataloader";
import { rowsPerKey } from "@subgraph-kit/loaders";
import type { CartRecord } from "../service/cartService";
import type { CustomerPrivacyService } from "../service/customerPrivacyService";
import type { OrderRecord } from "../service/orderRecords";

export interface PrivacyLoaders {
  /** Every order of a customer, newest first. */
  allOrdersByCustomerId: DataLoader<string, OrderRecord[]>;
  /** Every cart of a customer, newest first. */
  allCartsByCustomerId: DataLoader<string, CartRecord[]>;
}

/** Fresh per request, like every loader: one statement per batch of customers. */
export function createPrivacyLoaders(privacy: CustomerPrivacyService): PrivacyLoaders {
  return {
    allOrdersByCustomerId: new DataLoader(async (customerIds) => rowsPerKey(customerIds, await privacy.ordersOf(customerIds), (order) => order.customerId)),
    allCartsByCustomerId: new DataLoader(async (customerIds) =>
      rowsPerKey(customerIds, await privacy.cartsOf(customerIds), (cart) => cart.customerId ?? ""),
    ),
  };
}
