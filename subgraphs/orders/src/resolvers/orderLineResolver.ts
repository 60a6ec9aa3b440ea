import { FieldResolver, Resolver, Root } from "type-graphql";
import { Money, money } from "@subgraph-kit/commerce";
import { OrderLine } from "../schema/orderLine";
import { ProductVariant } from "../schema/productVariant";
import type { PricedOrderLine } from "../service/orderRecords";
import { lineTotalMinor } from "../service/orderTotals";

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => Money, { description: "The price of one unit when the order was placed." })
  unitPrice(@Root() line: PricedOrderLine): Money {
    return money(line.unitPriceMinor, line.currency);
  }

  @FieldResolver(() => Money, { description: "unitPrice × quantity." })
  lineTotal(@Root() line: PricedOrderLine): Money {
    return money(lineTotalMinor(line), line.currency);
  }

  @FieldResolver(() => ProductVariant, {
    nullable: true,
    description: "The variant sold, as the catalog describes it now (null if catalog cannot answer; sku and productName stay).",
  })
  variant(@Root() line: PricedOrderLine): ProductVariant {
    return { sku: line.sku };
  }
}
