import type { RequestCaller } from "../../shared/src";
import type { PrismaClient } from "./generated/prisma/client";
import { type OrderLoaders, createOrderLoaders } from "./loaders/orderLoaders";
import { CartService } from "./service/cartService";
import { CheckoutService } from "./service/checkoutService";
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
}

/** One per GraphQL request. */
export function createOrdersContext(
  prisma: PrismaClient,
  caller: RequestCaller,
  { catalog, inventory, journey, releases }: OrdersCollaborators,
  eventsCommitted: () => void,
): OrdersContext {
  const orders = new OrderService(prisma);
  const carts = new CartService(prisma, catalog, journey);
  return {
    prisma,
    caller,
    orders,
    carts,
    checkout: new CheckoutService(prisma, carts, catalog, inventory, releases, journey, eventsCommitted),
    lifecycle: new OrderLifecycle(prisma, inventory, releases, journey, eventsCommitted),
    loaders: createOrderLoaders(orders, carts),
  };
}
