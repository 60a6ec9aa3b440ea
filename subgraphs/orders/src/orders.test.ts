import { type DemoOrder, demoDataset } from "../../../prisma/seed";
import { as } from "../../../test/support/callers";
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
  subgraph = await startTestSubgraph(ordersSubgraph, { caller: as.admin() });
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

describe("who may see an order: another customer's is answered exactly like an unknown one", () => {
  const mine = orders.find((order) => order.status === "PLACED" && order.fulfilment.type === "PICKUP")!;
  const someoneElse = as.web(orders.find((order) => order.customerId !== mine.customerId)!.customerId);
  const unknown = { id: "order-9999", number: "NW-999999" };
  const ORDER = `query($id: ID!) { order(id: $id) { id number } }`;
  const BY_NUMBER = `query($number: String!) { orderByNumber(number: $number) { id number } }`;
  const answer = (response: { body: { data?: unknown; errors?: unknown } }) => JSON.stringify({ data: response.body.data, errors: response.body.errors });

  it("answers another customer null for order(id), orderByNumber and _entities, as for an unknown order", async () => {
    const pairs = [
      [subgraph.query(ORDER, { id: mine.id }, someoneElse), subgraph.query(ORDER, { id: unknown.id }, someoneElse)],
      [subgraph.query(BY_NUMBER, { number: mine.number }, someoneElse), subgraph.query(BY_NUMBER, { number: unknown.number }, someoneElse)],
      [
        subgraph.query(entitiesQuery("Order", "id number"), { representations: [{ __typename: "Order", id: mine.id }] }, someoneElse),
        subgraph.query(entitiesQuery("Order", "id number"), { representations: [{ __typename: "Order", id: unknown.id }] }, someoneElse),
      ],
    ];
    for (const [other, missing] of pairs) {
      const [a, b] = await Promise.all([other!, missing!]);
      expect(a.body.errors).toBeUndefined();
      expect(answer(a)).toBe(answer(b));
    }
    // The customer who placed it still reads it.
    const own = await subgraph.query(ORDER, { id: mine.id }, as.web(mine.customerId));
    expect(own.body.data.order).toEqual({ id: mine.id, number: mine.number });
  });

  it("refuses an anonymous caller with FORBIDDEN before any lookup, the same for a known order and an unknown one", async () => {
    for (const [query, known, missing] of [
      [ORDER, { id: mine.id }, { id: unknown.id }],
      [BY_NUMBER, { number: mine.number }, { number: unknown.number }],
      [entitiesQuery("Order", "id"), { representations: [{ __typename: "Order", id: mine.id }] }, { representations: [{ __typename: "Order", id: unknown.id }] }],
    ] as const) {
      const { result, statements } = await subgraph.countStatements(() => Promise.all([subgraph.query(query, known, as.web()), subgraph.query(query, missing, as.web())]));
      const [a, b] = result;
      expect(a.body.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: expect.stringMatching(/needs the customer who placed it/) });
      expect(answer(a)).toBe(answer(b));
      expect(statements).toBe(0);
    }
  });

  it("answers cancelOrder on another customer's order NOT_FOUND with the message of an unknown order, and changes nothing", async () => {
    const CANCEL = `mutation($id: ID!) { cancelOrder(orderId: $id) { status } }`;
    const [other, missing] = await Promise.all([subgraph.query(CANCEL, { id: mine.id }, someoneElse), subgraph.query(CANCEL, { id: unknown.id }, someoneElse)]);
    expect(other.body.errors).toEqual([expect.objectContaining({ message: `No order has id "${mine.id}"`, extensions: expect.objectContaining({ code: "NOT_FOUND", argument: "orderId" }) })]);
    expect(missing.body.errors).toEqual([
      expect.objectContaining({ message: `No order has id "${unknown.id}"`, extensions: expect.objectContaining({ code: "NOT_FOUND", argument: "orderId" }) }),
    ]);
    const strip = (error: { message: string; extensions: Record<string, unknown> }, id: string) => ({ ...error, message: error.message.replace(id, "<id>"), extensions: { ...error.extensions, stacktrace: undefined } });
    expect(strip(other.body.errors![0]! as never, mine.id)).toEqual(strip(missing.body.errors![0]! as never, unknown.id));
    expect((await subgraph.prisma.order.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("PLACED");
  });

  it("refuses store work to customers, and cancelling to anonymous callers, before any lookup", async () => {
    const moves = [
      ["markOrderReadyForPickup", as.web(mine.customerId), /needs a signed-in store associate/],
      ["shipOrder", someoneElse, /needs a signed-in store associate/],
      ["completeOrder", as.mobile(mine.customerId), /needs a signed-in store associate/],
      ["cancelOrder", as.web(), /Cancelling an order needs/],
    ] as const;
    for (const [mutation, caller, message] of moves) {
      const query = `mutation($id: ID!) { ${mutation}(orderId: $id) { status } }`;
      const { result, statements } = await subgraph.countStatements(() => Promise.all([subgraph.query(query, { id: mine.id }, caller), subgraph.query(query, { id: unknown.id }, caller)]));
      for (const response of result) expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: expect.stringMatching(message) });
      expect(answer(result[0])).toBe(answer(result[1]));
      expect(statements).toBe(0);
    }
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

describe("cache-control", () => {
  // Orders are PRIVATE 30 s; carts are never cached.
  const demo = orders.find((order) => order.lines.length > 1)!;

  async function cacheControlOf(query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<string | null> {
    const response = await subgraph.query(query, variables, headers);
    expect(response.body.errors).toBeUndefined();
    return response.headers.get("cache-control");
  }

  it("answers max-age=30, private for an order, root field or _entities", async () => {
    expect(await cacheControlOf(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: demo.id })).toBe("max-age=30, private");
    expect(await cacheControlOf(entitiesQuery("Order", ORDER_FIELDS), { representations: orderRepresentations(3) })).toBe("max-age=30, private");
  });

  it("answers max-age=30, private for a customer's orders", async () => {
    const query = entitiesQuery("Customer", "orders(first: 2) { totalCount pageInfo { hasNextPage } edges { node { number total { amount } } } }");
    expect(await cacheControlOf(query, { representations: [{ __typename: "Customer", id: demo.customerId }] })).toBe("max-age=30, private");
  });

  it("never caches carts, alone or beside an order", async () => {
    const created = await subgraph.query(`mutation { createCart { token } }`, {}, { "x-commerce-customer": demo.customerId });
    const token = created.body.data.createCart.token;
    expect(await cacheControlOf(`query($token: ID!) { cart(token: $token) { token itemCount } }`, { token })).toBe("no-store");
    expect(await cacheControlOf(`{ myCart { token } }`, {}, { "x-commerce-customer": demo.customerId })).toBe("no-store");
    expect(await cacheControlOf(`query($id: ID!, $token: ID!) { order(id: $id) { number } cart(token: $token) { token } }`, { id: demo.id, token })).toBe(
      "no-store",
    );
  });
});

describe("checkout without a customer", () => {
  it("is FORBIDDEN, and says what a client does: send the customer's bearer token", async () => {
    const created = await subgraph.query(`mutation { createCart { token } }`, {}, as.web());
    const response = await subgraph.query(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { id } }`,
      { input: { cartToken: created.body.data.createCart.token, idempotencyKey: "anonymous-checkout-1", fulfilment: { type: "PICKUP", pickupStoreId: "store-1" } } },
      as.web(),
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(response.body.errors?.[0]?.message).toBe(
      "Checkout needs a customer: sign in (send the customer's bearer token in the authorization header) or check out a cart that belongs to a customer",
    );
    expect(response.body.errors?.[0]?.message).not.toMatch(/x-commerce/);
  });
});

describe("invalidation tags", () => {
  const associateOf = (storeId: string) => ({ "x-commerce-channel": "HANDHELD", "x-commerce-store": storeId, "x-commerce-associate": "assoc-tags" });

  it("cart mutations report orders' root fields, and are never cacheable", async () => {
    const created = await subgraph.query(`mutation { createCart { token } }`);
    expect(created.body.extensions?.invalidates).toEqual(["r:orders"]);
    expect(created.headers.get("cache-control")).toBe("no-store");

    const token = created.body.data.createCart.token;
    const SET_QUANTITY = `mutation($input: SetCartLineQuantityInput!) { setCartLineQuantity(input: $input) { itemCount } }`;
    const emptied = await subgraph.query(SET_QUANTITY, { input: { cartToken: token, sku: "NW-0001-BLK-S", quantity: 0 } });
    expect(emptied.body.extensions?.invalidates).toEqual(["r:orders"]);
    const refused = await subgraph.query(SET_QUANTITY, { input: { cartToken: token, sku: "NW-0001-BLK-S", quantity: 2 } });
    expect(refused.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(refused.body.extensions).toBeUndefined();
  });

  it("a status change reports the order, its customer and orders' root fields; a refused one nothing", async () => {
    const demo = orders.find((order) => order.status === "PLACED" && order.fulfilment.type === "PICKUP")!;
    const storeId = demo.fulfilment.type === "PICKUP" ? demo.fulfilment.storeId : "";

    const shipped = await subgraph.query(`mutation($id: ID!) { shipOrder(orderId: $id) { status } }`, { id: demo.id }, associateOf(storeId));
    expect(shipped.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(shipped.body.extensions).toBeUndefined();

    const ready = await subgraph.query(`mutation($id: ID!) { markOrderReadyForPickup(orderId: $id) { status } }`, { id: demo.id }, associateOf(storeId));
    expect(ready.body.errors).toBeUndefined();
    expect(ready.body.data.markOrderReadyForPickup.status).toBe("READY_FOR_PICKUP");
    expect(ready.body.extensions?.invalidates).toEqual([`e:Order:{"id":"${demo.id}"}`, `e:Customer:{"id":"${demo.customerId}"}`, "r:orders"]);
    expect(ready.headers.get("cache-control")).toBe("no-store");
  });
});
