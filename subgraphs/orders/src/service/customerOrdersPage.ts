import { pageSize } from "@subgraph-kit/pagination";
import { type OrderCursor, parseOrderCursor } from "./orderCursor";

/** One page of a customer's orders, newest first: `size` orders after `after` (from the newest when null). */
export interface CustomerOrdersPage {
  size: number;
  after: OrderCursor | null;
}

/** Validates Customer.orders' arguments; bad ones are BAD_USER_INPUT naming "first" or "after". */
export function parseCustomerOrdersPage(first: number | null | undefined, after: string | null | undefined): CustomerOrdersPage {
  return {
    size: pageSize(first, "first"),
    after: after === null || after === undefined ? null : parseOrderCursor(after, "after"),
  };
}

/** Equal for pages that one SQL statement can fetch for many customers at once. */
export function pageShapeKey(page: CustomerOrdersPage): string {
  return JSON.stringify([page.size, page.after?.placedAt.toISOString() ?? null, page.after?.id ?? null]);
}
