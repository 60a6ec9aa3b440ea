import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { OrdersContext } from "../context";
import { Order } from "../schema/order";
import { OrderStatus } from "../schema/orderStatus";
import { allowedTransitions } from "../service/orderLifecycle";
import type { OrderRecord } from "../service/orderRecords";

/** The order's state machine (service/orderLifecycle.ts): an illegal move is BAD_USER_INPUT naming the current status. */
@Resolver(() => Order)
export class OrderLifecycleResolver {
  @Mutation(() => Order, { description: "PLACED → READY_FOR_PICKUP: the goods wait at the pickup store. Pickup orders; an associate of that store." })
  markOrderReadyForPickup(@Arg("orderId", () => ID) orderId: string, @Ctx() { lifecycle, caller }: OrdersContext): Promise<OrderRecord> {
    return lifecycle.transition(orderId, OrderStatus.READY_FOR_PICKUP, caller);
  }

  @Mutation(() => Order, { description: "PLACED → SHIPPED: handed to the carrier; the reserved stock leaves the warehouse. Shipped orders; an associate." })
  shipOrder(@Arg("orderId", () => ID) orderId: string, @Ctx() { lifecycle, caller }: OrdersContext): Promise<OrderRecord> {
    return lifecycle.transition(orderId, OrderStatus.SHIPPED, caller);
  }

  @Mutation(() => Order, { description: "READY_FOR_PICKUP → COMPLETED (collected: the stock leaves the store) or SHIPPED → COMPLETED (delivered)." })
  completeOrder(@Arg("orderId", () => ID) orderId: string, @Ctx() { lifecycle, caller }: OrdersContext): Promise<OrderRecord> {
    return lifecycle.transition(orderId, OrderStatus.COMPLETED, caller);
  }

  @Mutation(() => Order, { description: "PLACED or READY_FOR_PICKUP → CANCELLED; the reserved stock is released. The customer who placed it, or an associate." })
  cancelOrder(@Arg("orderId", () => ID) orderId: string, @Ctx() { lifecycle, caller }: OrdersContext): Promise<OrderRecord> {
    return lifecycle.transition(orderId, OrderStatus.CANCELLED, caller);
  }

  @FieldResolver(() => [OrderStatus], { description: "The statuses this order can move to next; empty once final." })
  nextStatuses(@Root() order: OrderRecord): readonly OrderStatus[] {
    return allowedTransitions(order);
  }
}
