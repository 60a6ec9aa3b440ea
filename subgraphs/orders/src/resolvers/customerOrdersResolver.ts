import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";
import { type Connection, toConnection } from "@subgraph-kit/pagination";
import type { OrdersContext } from "../context";
import { Customer } from "../schema/customer";
import { CustomerOrdersArgs } from "../schema/customerOrdersArgs";
import { OrderConnection } from "../schema/orderConnection";
import { parseCustomerOrdersPage } from "../service/customerOrdersPage";
import { requireOrderHistoryReader } from "../service/orderAccess";
import { orderCursorOf } from "../service/orderCursor";
import type { OrderRecord } from "../service/orderRecords";

/** Contributes `orders` to the customer subgraph's Customer. */
@Resolver(() => Customer)
export class CustomerOrdersResolver {
  // Nullable: a contributed field that fails must not null the customer it hangs off.
  @CacheControl(CacheHint.order)
  @FieldResolver(() => OrderConnection, { nullable: true, description: "The customer's orders, newest first." })
  async orders(
    @Root() customer: Customer,
    @Args(() => CustomerOrdersArgs) { first, after }: CustomerOrdersArgs,
    @Ctx() { loaders, caller }: OrdersContext,
  ): Promise<Connection<OrderRecord>> {
    requireOrderHistoryReader(caller, customer.id);
    const page = parseCustomerOrdersPage(first, after);
    const [rows, totalCount] = await Promise.all([
      loaders.customerOrdersPage.load({ customerId: customer.id, page }),
      loaders.orderCountByCustomerId.load(customer.id),
    ]);
    return toConnection(rows, page.size, totalCount, orderCursorOf);
  }
}
