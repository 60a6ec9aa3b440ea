import { forbidden, type RequestCaller, requireSelfOrAdmin } from "../../../shared/src";
import type { Cart as CartRecord } from "../generated/prisma/client";
import type { OrderRecord } from "./orderRecords";

/**
 * Who may read an order: the customer who placed it, an admin, another subgraph, or a store
 * associate who works on it (one of the pickup store's, or any associate for a shipped order,
 * which a warehouse dispatches). Everyone else is FORBIDDEN, never a silent null.
 */
export function requireOrderReader(caller: RequestCaller, order: OrderRecord): void {
  if (caller.service || caller.adminId || caller.customerId === order.customerId) return;
  if (caller.associateId) {
    if (!order.pickupStoreId || order.pickupStoreId === caller.storeId) return;
    throw forbidden(`Order ${order.number} is collected at store ${order.pickupStoreId}; only its associates, the customer or an admin may read it`);
  }
  throw forbidden(caller.customerId ? `Order ${order.number} belongs to another customer` : "Reading an order needs the customer who placed it, a store associate or an admin");
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
