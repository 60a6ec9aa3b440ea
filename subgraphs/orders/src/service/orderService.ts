import { Prisma, type PrismaClient } from "../generated/prisma/client";
import type { CustomerOrdersPage } from "./customerOrdersPage";
import type { OrderLineRecord, OrderRecord } from "./orderRecords";

export interface OrderCount {
  customerId: string;
  count: number;
}

/**
 * Reads orders in sets: every method takes many keys and issues one SQL statement, so the
 * per-request DataLoaders turn an `_entities` batch, or a list of customers, into a constant
 * number of queries.
 */
export class OrderService {
  constructor(private readonly prisma: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<OrderRecord[]> {
    return this.prisma.order.findMany({ where: { id: { in: [...ids] } } });
  }

  /** `numbers` must already be normalized (see normalizeOrderNumber). */
  findByNumbers(numbers: readonly string[]): Promise<OrderRecord[]> {
    return this.prisma.order.findMany({ where: { number: { in: [...numbers] } } });
  }

  /** Every line of the given orders, in line order. */
  findLinesOf(orderIds: readonly string[]): Promise<OrderLineRecord[]> {
    return this.prisma.orderLine.findMany({
      where: { orderId: { in: [...orderIds] } },
      orderBy: [{ orderId: "asc" }, { lineNumber: "asc" }],
    });
  }

  countByCustomer(customerIds: readonly string[]): Promise<OrderCount[]> {
    return this.prisma.order
      .groupBy({ by: ["customerId"], where: { customerId: { in: [...customerIds] } }, _count: { _all: true } })
      .then((groups) => groups.map((group) => ({ customerId: group.customerId, count: group._count._all })));
  }

  /**
   * For each customer, up to `limit` orders after `page.after`, newest first, in ONE statement.
   *
   * A LATERAL join runs the top-N subquery once per customer, and each run is an index range
   * scan on (customerId, placedAt DESC, id DESC) that stops after `limit` rows. A
   * ROW_NUMBER() OVER (PARTITION BY "customerId" ...) window would also be one statement, but it
   * numbers every order of every customer before filtering: its cost grows with order history,
   * the LATERAL plan's only with the page size.
   */
  findNewestOf(customerIds: readonly string[], page: CustomerOrdersPage, limit: number): Promise<OrderRecord[]> {
    const afterCursor = page.after
      ? Prisma.sql`AND (o."placedAt", o."id") < (${page.after.placedAt}::timestamptz(3), ${page.after.id})`
      : Prisma.empty;
    return this.prisma.$queryRaw<OrderRecord[]>`
      SELECT newest."id", newest."number", newest."customerId", newest."channel", newest."status", newest."placedAt",
             newest."currency", newest."fulfilmentType", newest."pickupStoreId", newest."shippingLine1", newest."shippingLine2",
             newest."shippingCity", newest."shippingPostcode", newest."shippingCountry"
      FROM unnest(${[...customerIds]}::text[]) AS requested("customerId")
      CROSS JOIN LATERAL (
        SELECT o.* FROM "orders"."Order" AS o
        WHERE o."customerId" = requested."customerId" ${afterCursor}
        ORDER BY o."placedAt" DESC, o."id" DESC
        LIMIT ${limit}
      ) AS newest
      ORDER BY newest."customerId", newest."placedAt" DESC, newest."id" DESC`;
  }
}
