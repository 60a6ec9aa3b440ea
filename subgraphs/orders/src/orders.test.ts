import { type DemoOrder, demoDataset } from "../../../prisma/seed";
import { entitiesQuery } from "../../../test/support/graphqlClient";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import type { PrismaClient } from "./generated/prisma/client";
import { ordersSubgraph } from "./subgraph";

const { orders } = demoDataset();

const ORDER_FIELDS = `
  id number channel status placedAt
  customer { id }
  fulfilment { type pickupStore { id } shippingAddress { line1 line2 city postcode country } }
  lines { id sku productName quantity unitPrice { amountMinor currencyCode } lineTotal { amountMinor currencyCode } variant { sku } }
  itemCount
  total { amountMinor currencyCode amount }`;

/** What the API must say about a demo order, computed from the dataset alone. */
function expectedOrder(order: DemoOrder) {
  const lines = order.lines.map((line) => ({
    id: line.id,
    sku: line.sku,
    productName: line.productName,
    quantity: line.quantity,
    unitPrice: { amountMinor: line.unitPriceMinor, currencyCode: line.currency },
    lineTotal: { amountMinor: line.unitPriceMinor * line.quantity, currencyCode: line.currency },
    variant: { sku: line.sku },
  }));
  const totalMinor = lines.reduce((sum, line) => sum + line.lineTotal.amountMinor, 0);
  return {
    id: order.id,
    number: order.number,
    channel: order.channel,
    status: order.status,
    placedAt: order.placedAt.toISOString(),
    customer: { id: order.customerId },
    fulfilment:
      order.fulfilment.type === "PICKUP"
        ? { type: "PICKUP", pickupStore: { id: order.fulfilment.storeId }, shippingAddress: null }
        : { type: "SHIP", pickupStore: null, shippingAddress: { ...order.fulfilment.address, line2: null } },
    lines,
    itemCount: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    total: { amountMinor: totalMinor, currencyCode: "GBP", amount: `${Math.floor(totalMinor / 100)}.${String(totalMinor % 100).padStart(2, "0")}` },
  };
}

function orderRepresentations(count: number) {
  return orders.slice(0, count).map((order) => ({ __typename: "Order", id: order.id }));
}

let subgraph: TestSubgraph<PrismaClient>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(ordersSubgraph);
});

afterAll(async () => {
  await subgraph?.stop();
});


describe("order(id)", () => {
  it.each(["PICKUP", "SHIP"])("returns a seeded %s order with its lines, fulfilment and total", async (type) => {
    const demo = orders.find((order) => order.fulfilment.type === type && order.lines.length > 1)!;
    const response = await subgraph.query(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: demo.id });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.order).toEqual(expectedOrder(demo));
  });

  it("returns null for an unknown id", async () => {
    const response = await subgraph.query(`{ order(id: "order-9999") { id } }`);

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.order).toBeNull();
  });
});

describe("orderByNumber(number)", () => {
  const demo = orders[41]!;

  it("finds an order by its number, whatever its letter case and surrounding spaces", async () => {
    const response = await subgraph.query(`query($number: String!) { orderByNumber(number: $number) { id number } }`, {
      number: ` ${demo.number.toLowerCase()}  `,
    });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.orderByNumber).toEqual({ id: demo.id, number: demo.number });
  });

  it("returns null for a number no order has", async () => {
    const response = await subgraph.query(`{ orderByNumber(number: "NW-999999") { id } }`);

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.orderByNumber).toBeNull();
  });

  it.each([[""], ["   "]])("rejects %j as BAD_USER_INPUT naming the number argument", async (number) => {
    const response = await subgraph.query(`query($number: String!) { orderByNumber(number: $number) { id } }`, { number });

    expect(response.body.data.orderByNumber).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "number" });
    expect(error!.message).toContain('"number"');
    expect(error!.path).toEqual(["orderByNumber"]);
  });
});

describe("_entities for Order", () => {
  it("resolves every seeded order, in order, exactly as the dataset says", async () => {
    const representations = [{ __typename: "Order", id: "order-9999" }, ...orderRepresentations(orders.length)];
    const response = await subgraph.query(entitiesQuery("Order", ORDER_FIELDS), { representations });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities).toEqual([null, ...orders.map(expectedOrder)]);
  });

  it.each([5, 25])("resolves %i orders without their lines in exactly 1 SQL statement", async (count) => {
    const { result: response, statements } = await subgraph.countStatements(() =>
      subgraph.query(entitiesQuery("Order", "id number status fulfilment { type } customer { id }"), {
        representations: orderRepresentations(count),
      }),
    );

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities).toHaveLength(count);
    expect(statements).toBe(1);
  });

  it.each([5, 25])("resolves %i orders with their lines, item counts and totals in exactly 2 SQL statements", async (count) => {
    const { result: response, statements } = await subgraph.countStatements(() =>
      subgraph.query(entitiesQuery("Order", ORDER_FIELDS), { representations: orderRepresentations(count) }),
    );

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities).toEqual(orders.slice(0, count).map(expectedOrder));
    expect(statements).toBe(2);
  });
});

describe("seed", () => {
  it("wrote the demo orders and their lines", async () => {
    expect(await subgraph.prisma.order.count()).toBe(orders.length);
    expect(await subgraph.prisma.orderLine.count()).toBe(orders.reduce((sum, order) => sum + order.lines.length, 0));
  });

  it("writes nothing when orders exist: only the emptiness check reaches the database", async () => {
    const { statements } = await subgraph.countStatements(() => ordersSubgraph.seed!(subgraph.prisma, subgraph.logger));

    expect(statements).toBe(1);
    expect(await subgraph.prisma.order.count()).toBe(orders.length);
  });
});

describe("stored invariants", () => {
  const validOrder = {
    id: "order-invariants",
    number: "INV-1",
    customerId: "cust-0001",
    channel: "WEB",
    status: "PLACED",
    placedAt: new Date("2026-03-01T12:00:00.000Z"),
    currency: "GBP",
    fulfilmentType: "PICKUP",
    pickupStoreId: "store-london-oxford-st",
  } as const;

  it.each([
    ["a pickup order without a store", { pickupStoreId: null }, "Order_fulfilment_columns"],
    ["a pickup order with a shipping address", { shippingLine1: "1 High Street", shippingCity: "Leeds", shippingPostcode: "LS1 1AA", shippingCountry: "GB" }, "Order_fulfilment_columns"],
    ["a shipped order without an address", { fulfilmentType: "SHIP", pickupStoreId: null }, "Order_fulfilment_columns"],
    ["an order number that is not upper-case", { number: "inv-1" }, "Order_number_normalized"],
  ] as const)("refuses %s", async (_case, change, constraint) => {
    await expect(subgraph.prisma.order.create({ data: { ...validOrder, ...change } })).rejects.toThrow(constraint);
  });

  it.each([
    ["a quantity of 0", { quantity: 0 }, "OrderLine_quantity_positive"],
    ["a negative unit price", { unitPriceMinor: -1 }, "OrderLine_unitPriceMinor_not_negative"],
    ["a line number of 0", { lineNumber: 0 }, "OrderLine_lineNumber_positive"],
  ] as const)("refuses a line with %s", async (_case, change, constraint) => {
    const line = { id: "line-invariants", orderId: orders[0]!.id, lineNumber: 99, sku: "NW-0001-BLK-S", productName: "Tee", quantity: 1, unitPriceMinor: 100 };
    await expect(subgraph.prisma.orderLine.create({ data: { ...line, ...change } })).rejects.toThrow(constraint);
  });
});
