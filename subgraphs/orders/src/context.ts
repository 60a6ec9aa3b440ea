import type { RequestCaller } from "@platform/caller";
import type { PrismaClient } from "./generated/prisma/client";
import { type OrderLoaders, createOrderLoaders } from "./loaders/orderLoaders";
import { createPrivacyLoaders, type PrivacyLoaders } from "./loaders/privacyLoaders";
import { CartService } from "./service/cartService";
import { CheckoutService } from "./service/checkoutService";
import { CustomerPrivacyService } from "./service/customerPrivacyService";
import type { OrdersCollaborators } from "./service/collaborators";
import { OrderLifecycle } from "./service/orderLifecycle";
import { OrderService } from "./service/orderService";

export interface OrdersContext {
  prisma: PrismaClient;
  caller: RequestCaller;
  orders: OrderService;
  carts: CartService;
  checkout: CheckoutService;
  lifecycle: OrderLifecycle;
  loaders: OrderLoaders;
  /** GDPR export and erasure of a customer's orders and carts. */
  privacy: { service: CustomerPrivacyService; loaders: PrivacyLoaders };
}

/** One per GraphQL request. */
export function createOrdersContext(
  prisma: PrismaClient,
  caller: RequestCaller,
  { catalog, inventory, journey, releases, attempts, metrics }: OrdersCollaborators,
  eventsCommitted: () => void,
): OrdersContext {
  const orders = new OrderService(prisma);
  const carts = new CartService(prisma, catalog, journey);
  const privacy = new CustomerPrivacyService(prisma);
  return {
    prisma,
    caller,
    orders,
    carts,
    checkout: new CheckoutService(prisma, carts, catalog, inventory, attempts, journey, eventsCommitted, metrics),
    lifecycle: new OrderLifecycle(prisma, inventory, releases, journey, eventsCommitted),
    loaders: createOrderLoaders(orders, carts),
    privacy: { service: privacy, loaders: createPrivacyLoaders(privacy) },
  };
}
