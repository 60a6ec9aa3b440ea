import type { PrismaClient } from "./generated/prisma/client";
import { type OrderLoaders, createOrderLoaders } from "./loaders/orderLoaders";
import { OrderService } from "./service/orderService";

export interface OrdersContext {
  prisma: PrismaClient;
  orders: OrderService;
  loaders: OrderLoaders;
}

/** One per GraphQL request. */
export function createOrdersContext(prisma: PrismaClient): OrdersContext {
  const orders = new OrderService(prisma);
  return { prisma, orders, loaders: createOrderLoaders(orders) };
}
