import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { OrdersContext } from "../context";
import { CheckoutInput } from "../schema/checkoutInput";
import { Order } from "../schema/order";
import type { OrderRecord } from "../service/orderRecords";

@Resolver()
export class CheckoutResolver {
  @Mutation(() => Order, {
    description:
      "Turns a cart into an order: reserves its stock (all lines or none) at the pickup store or a warehouse, then places the order. " +
      "Retrying with the same idempotencyKey returns the same order. Not enough stock: BAD_USER_INPUT with extensions.reason INSUFFICIENT_STOCK.",
  })
  checkout(@Arg("input", () => CheckoutInput) input: CheckoutInput, @Ctx() { checkout, caller }: OrdersContext): Promise<OrderRecord> {
    return checkout.checkout(input, caller);
  }
}
