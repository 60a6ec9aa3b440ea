import DataLoader from "dataloader";
import type { CustomerAddressRecord, CustomerRecord, CustomerService } from "../service/customerService";
import type { JourneyService, JourneySummary, TouchpointRecord } from "../service/journeyService";
import { type TouchpointsPage, touchpointsPageShape } from "../service/touchpointCursor";
import { oneRowPerKey, rowsPerKey } from "@subgraph-kit/loaders";

export interface TouchpointsPageKey {
  customerId: string;
  page: TouchpointsPage;
}

export interface CustomerLoaders {
  customerById: DataLoader<string, CustomerRecord | null>;
  /** Keyed by normalized email. */
  customerByEmail: DataLoader<string, CustomerRecord | null>;
  addressesByCustomerId: DataLoader<string, CustomerAddressRecord[]>;
  /** Up to `page.size + 1` touchpoints: the extra one only says whether another page follows. */
  touchpointsPage: DataLoader<TouchpointsPageKey, TouchpointRecord[], string>;
  touchpointCountByCustomerId: DataLoader<string, number>;
  /** shoppingStage and lastChannel; null for a customer without touchpoints. */
  journeySummaryByCustomerId: DataLoader<string, JourneySummary | null>;
}

/** Fresh per request: a DataLoader caches for its lifetime, and must never serve one request's rows to another. */
export function createCustomerLoaders(customers: CustomerService, journey: JourneyService): CustomerLoaders {
  const customerById = new DataLoader<string, CustomerRecord | null>(async (ids) =>
    oneRowPerKey(ids, await customers.findByIds(ids), (customer) => customer.id),
  );

  const customerByEmail = new DataLoader<string, CustomerRecord | null>(async (emails) => {
    const found = await customers.findByEmails(emails);
    for (const customer of found) customerById.prime(customer.id, customer);
    return oneRowPerKey(emails, found, (customer) => customer.email);
  });

  const addressesByCustomerId = new DataLoader<string, CustomerAddressRecord[]>(async (customerIds) =>
    rowsPerKey(customerIds, await customers.findAddressesOf(customerIds), (address) => address.customerId),
  );

  const touchpointsPage = new DataLoader<TouchpointsPageKey, TouchpointRecord[], string>(
    async (keys) => {
      // Customers asking for the same page shape share one statement.
      const keysByShape = new Map<string, TouchpointsPageKey[]>();
      for (const key of keys) {
        const shape = touchpointsPageShape(key.page);
        const sameShape = keysByShape.get(shape);
        if (sameShape) sameShape.push(key);
        else keysByShape.set(shape, [key]);
      }
      const pages = new Map<TouchpointsPageKey, TouchpointRecord[]>();
      await Promise.all(
        [...keysByShape.values()].map(async (sameShape) => {
          const { page } = sameShape[0]!;
          const customerIds = sameShape.map((key) => key.customerId);
          const rows = await journey.pagesOf(customerIds, page, page.size + 1);
          rowsPerKey(customerIds, rows, (touchpoint) => touchpoint.customerId).forEach((customerRows, index) =>
            pages.set(sameShape[index]!, customerRows),
          );
        }),
      );
      return keys.map((key) => pages.get(key)!);
    },
    { cacheKeyFn: (key) => JSON.stringify([key.customerId, touchpointsPageShape(key.page)]) },
  );

  const touchpointCountByCustomerId = new DataLoader<string, number>(async (customerIds) => {
    const counts = new Map((await journey.countsOf(customerIds)).map(({ customerId, count }) => [customerId, count]));
    return customerIds.map((customerId) => counts.get(customerId) ?? 0);
  });

  const journeySummaryByCustomerId = new DataLoader<string, JourneySummary | null>(async (customerIds) =>
    oneRowPerKey(customerIds, await journey.summariesOf(customerIds), (summary) => summary.customerId),
  );

  return {
    customerById,
    customerByEmail,
    addressesByCustomerId,
    touchpointsPage,
    touchpointCountByCustomerId,
    journeySummaryByCustomerId,
  };
}
