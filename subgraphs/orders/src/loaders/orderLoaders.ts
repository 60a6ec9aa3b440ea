import DataLoader from "dataloader";
import { type CustomerOrdersPage, pageShapeKey } from "../service/customerOrdersPage";
import type { OrderLineRecord, OrderRecord } from "../service/orderRecords";
import type { OrderService } from "../service/orderService";
import type { CartLineRecord, CartService } from "../service/cartService";
import { oneRowPerKey, rowsPerKey } from "@subgraph-kit/loaders";

export interface CustomerOrdersPageKey {
  customerId: string;
  page: CustomerOrdersPage;
}

export interface OrderLoaders {
  orderById: DataLoader<string, OrderRecord | null>;
  /** Keyed by normalized order number. */
  orderByNumber: DataLoader<string, OrderRecord | null>;
  linesByOrderId: DataLoader<string, OrderLineRecord[]>;
  /** Up to `page.size + 1` orders: the extra one only says whether another page follows. */
  customerOrdersPage: DataLoader<CustomerOrdersPageKey, OrderRecord[], string>;
  orderCountByCustomerId: DataLoader<string, number>;
  linesByCartId: DataLoader<string, CartLineRecord[]>;
}

/** Fresh per request: a DataLoader caches for its lifetime, and must never serve one request's rows to another. */
export function createOrderLoaders(orders: OrderService, carts: CartService): OrderLoaders {
  const orderById = new DataLoader<string, OrderRecord | null>(async (ids) =>
    oneRowPerKey(ids, await orders.findByIds(ids), (order) => order.id),
  );

  const orderByNumber = new DataLoader<string, OrderRecord | null>(async (numbers) => {
    const found = await orders.findByNumbers(numbers);
    for (const order of found) orderById.prime(order.id, order);
    return oneRowPerKey(numbers, found, (order) => order.number);
  });

  const linesByOrderId = new DataLoader<string, OrderLineRecord[]>(async (orderIds) =>
    rowsPerKey(orderIds, await orders.findLinesOf(orderIds), (line) => line.orderId),
  );

  const customerOrdersPage = new DataLoader<CustomerOrdersPageKey, OrderRecord[], string>(
    async (keys) => {
      // Customers asking for the same page shape (usually all of them: one field, one set of
      // arguments) share one statement; the number of statements is the number of distinct shapes.
      const keysByShape = new Map<string, CustomerOrdersPageKey[]>();
      for (const key of keys) {
        const shape = pageShapeKey(key.page);
        const sameShape = keysByShape.get(shape);
        if (sameShape) sameShape.push(key);
        else keysByShape.set(shape, [key]);
      }
      const pages = new Map<CustomerOrdersPageKey, OrderRecord[]>();
      await Promise.all(
        [...keysByShape.values()].map(async (sameShape) => {
          const { page } = sameShape[0]!;
          const customerIds = sameShape.map((key) => key.customerId);
          const rows = await orders.findNewestOf(customerIds, page, page.size + 1);
          rowsPerKey(customerIds, rows, (order) => order.customerId).forEach((customerRows, index) =>
            pages.set(sameShape[index]!, customerRows),
          );
        }),
      );
      return keys.map((key) => pages.get(key)!);
    },
    { cacheKeyFn: (key) => JSON.stringify([key.customerId, pageShapeKey(key.page)]) },
  );

  const orderCountByCustomerId = new DataLoader<string, number>(async (customerIds) => {
    const counts = new Map((await orders.countByCustomer(customerIds)).map(({ customerId, count }) => [customerId, count]));
    return customerIds.map((customerId) => counts.get(customerId) ?? 0);
  });

  const linesByCartId = new DataLoader<string, CartLineRecord[]>(async (cartIds) =>
    rowsPerKey(cartIds, await carts.linesOf(cartIds), (line) => line.cartId),
  );

  return { orderById, orderByNumber, linesByOrderId, customerOrdersPage, orderCountByCustomerId, linesByCartId };
}
