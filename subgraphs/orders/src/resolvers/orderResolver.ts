import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Money, money } from "@subgraph-kit/commerce";
import type { RequestCaller } from "@platform/caller";
import type { OrdersContext } from "../context";
import { Customer } from "../schema/customer";
import { Fulfilment } from "../schema/fulfilment";
import { Order } from "../schema/order";
import { OrderLine } from "../schema/orderLine";
import { fulfilmentOf } from "../service/fulfilment";
import { requireOrderCaller, visibleOrder } from "../service/orderAccess";
import { normalizeOrderNumber } from "../service/orderNumber";
import type { OrderRecord, PricedOrderLine } from "../service/orderRecords";
import { itemCountOf, orderTotalMinor } from "../service/orderTotals";

/**
 * An order looked up for `caller`: an anonymous caller is FORBIDDEN before the lookup runs;
 * another customer's order is null, exactly like an unknown one; an associate of another
 * store is FORBIDDEN (see `visibleOrder`).
 */
export async function readable(caller: RequestCaller, lookup: () => Promise<OrderRecord | null>): Promise<OrderRecord | null> {
  requireOrderCaller(caller);
  return visibleOrder(caller, await lookup());
}

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, {
    nullable: true,
    description:
      "An order by id; null when there is none, or when it is another customer's (exactly the same answer). FORBIDDEN without a signed-in caller, and for an associate of another store.",
  })
  async order(@Arg("id", () => ID) id: string, @Ctx() { loaders, caller }: OrdersContext): Promise<OrderRecord | null> {
    return readable(caller, () => loaders.orderById.load(id));
  }

  @Query(() => Order, {
    nullable: true,
    description:
      "An order by the number on its receipt, in any letter case; null when there is none, or when it is another customer's (exactly the same answer). FORBIDDEN without a signed-in caller, and for an associate of another store.",
  })
  async orderByNumber(@Arg("number", () => String) number: string, @Ctx() { loaders, caller }: OrdersContext): Promise<OrderRecord | null> {
    return readable(caller, () => loaders.orderByNumber.load(normalizeOrderNumber(number, "number")));
  }

  @FieldResolver(() => Customer, {
    nullable: true,
    description: "Who placed the order. Nullable: it is resolved by the customer subgraph, whose failure must not null the order.",
  })
  customer(@Root() order: OrderRecord): Customer {
    return { id: order.customerId };
  }

  @FieldResolver(() => Fulfilment)
  fulfilment(@Root() order: OrderRecord): Fulfilment {
    return fulfilmentOf(order);
  }

  @FieldResolver(() => [OrderLine])
  async lines(@Root() order: OrderRecord, @Ctx() { loaders }: OrdersContext): Promise<PricedOrderLine[]> {
    const lines = await loaders.linesByOrderId.load(order.id);
    return lines.map((line) => ({ ...line, currency: order.currency }));
  }

  @FieldResolver(() => Int, { description: "Units across all lines." })
  async itemCount(@Root() order: OrderRecord, @Ctx() { loaders }: OrdersContext): Promise<number> {
    return itemCountOf(await loaders.linesByOrderId.load(order.id));
  }

  @FieldResolver(() => Money, { description: "The sum of the line totals." })
  async total(@Root() order: OrderRecord, @Ctx() { loaders }: OrdersContext): Promise<Money> {
    return money(orderTotalMinor(await loaders.linesByOrderId.load(order.id)), order.currency);
  }
}
