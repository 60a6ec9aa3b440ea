import { type DemoOrder, demoDataset } from "../../../prisma/seed";
import type { Logger } from "@platform/logging";
import type { Prisma, PrismaClient } from "./generated/prisma/client";

/**
 * Writes the demo dataset's orders and their lines, in one transaction, when there are no
 * orders yet; otherwise only counts them. Two processes seeding one empty database at once
 * cannot duplicate anything: the second transaction fails on the primary keys and rolls back.
 */
export async function seedOrders(prisma: PrismaClient, logger: Logger): Promise<void> {
  if ((await prisma.order.count()) > 0) return;
  const { orders } = demoDataset();
  await prisma.$transaction(async (tx) => {
    await tx.order.createMany({ data: orders.map(toOrderRow) });
    await tx.orderLine.createMany({
      data: orders.flatMap((order) =>
        order.lines.map((line, index) => ({
          id: line.id,
          orderId: order.id,
          lineNumber: index + 1,
          sku: line.sku,
          productName: line.productName,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
        })),
      ),
    });
  });
  logger.info({ orders: orders.length }, "seeded demo orders");
}

function toOrderRow(order: DemoOrder): Prisma.OrderCreateManyInput {
  const currency = order.lines[0]!.currency;
  if (order.lines.some((line) => line.currency !== currency)) {
    throw new Error(`Demo order ${order.id} mixes currencies; an order is priced in one`);
  }
  const { fulfilment } = order;
  return {
    id: order.id,
    number: order.number,
    customerId: order.customerId,
    channel: order.channel,
    status: order.status,
    placedAt: order.placedAt,
    currency,
    fulfilmentType: fulfilment.type,
    ...(fulfilment.type === "PICKUP"
      ? { pickupStoreId: fulfilment.storeId }
      : {
          shippingLine1: fulfilment.address.line1,
          shippingCity: fulfilment.address.city,
          shippingPostcode: fulfilment.address.postcode,
          shippingCountry: fulfilment.address.country,
        }),
  };
}
