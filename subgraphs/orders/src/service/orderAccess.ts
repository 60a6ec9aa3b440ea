import { forbidden } from "@platform/errors";
import { type RequestCaller, requireSelfOrAdmin } from "@platform/caller";
import type { Cart as CartRecord } from "../generated/prisma/client";
import type { OrderRecord } from "./orderRecords";

/**
 * Reading an order needs someone signed in (or another subgraph): an anonymous caller is
 * refused before any lookup, so that its answer is the same whether the order exists or not.
 */
export function requireOrderCaller(caller: RequestCaller): void {
  if (caller.service || caller.adminId || caller.associateId || caller.customerId) return;
  throw forbidden("Reading an order needs the customer who placed it, a store associate or an admin");
}

/**
 * A customer (and no one more privileged) asking about an order of someone else's: that order
 * is answered exactly like one that does not exist (null, or NOT_FOUND with the same message),
 * so that a customer cannot find out which order numbers exist (they are sequential).
 */
export function hiddenFrom(caller: RequestCaller, order: OrderRecord): boolean {
  if (caller.service || caller.adminId || caller.associateId) return false;
  return caller.customerId !== order.customerId;
}

/**
 * The order as `caller` may see it: the customer who placed it, an admin, another subgraph, or a
 * store associate who works on it (one of the pickup store's, or any associate for a shipped
 * order, which a warehouse dispatches). Another customer's order is null, exactly like an
 * unknown one; an associate of another store is FORBIDDEN (staff, who may know the order exists).
 * Call `requireOrderCaller` before looking the order up.
 */
export function visibleOrder(caller: RequestCaller, order: OrderRecord | null): OrderRecord | null {
  if (!order || hiddenFrom(caller, order)) return null;
  if (caller.service || caller.adminId || caller.customerId === order.customerId) return order;
  if (!order.pickupStoreId || order.pickupStoreId === caller.storeId) return order;
  throw forbidden(`Order ${order.number} is collected at store ${order.pickupStoreId}; only its associates, the customer or an admin may read it`);
}

/** A customer's order history: that customer or an admin. */
export function requireOrderHistoryReader(caller: RequestCaller, customerId: string): void {
  requireSelfOrAdmin(caller, customerId, "Reading a customer's orders");
}

/**
 * A cart's token is the capability to use it: it travels between devices as a QR code, so a
 * kiosk where nobody has signed in may open a customer's cart with it. A different signed-in
 * customer may not: holding someone else's token does not make their cart yours.
 */
export function requireCartHolder(caller: RequestCaller, cart: CartRecord): void {
  if (!cart.customerId || !caller.customerId || caller.customerId === cart.customerId) return;
  throw forbidden("This cart belongs to another customer");
}
