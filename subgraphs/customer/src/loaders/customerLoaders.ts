import DataLoader from "dataloader";
import type { CustomerAddressRecord, CustomerRecord, CustomerService } from "../service/customerService";
import { oneRowPerKey, rowsPerKey } from "../../../shared/src/loaders";

export interface CustomerLoaders {
  customerById: DataLoader<string, CustomerRecord | null>;
  /** Keyed by normalized email. */
  customerByEmail: DataLoader<string, CustomerRecord | null>;
  addressesByCustomerId: DataLoader<string, CustomerAddressRecord[]>;
}

/** Fresh per request: a DataLoader caches for its lifetime, and must never serve one request's rows to another. */
export function createCustomerLoaders(customers: CustomerService): CustomerLoaders {
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

  return { customerById, customerByEmail, addressesByCustomerId };
}
