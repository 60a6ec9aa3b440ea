import { demoDataset } from "../../../prisma/seed";
import { as } from "../../../test/support/callers";
import { encodeCursor } from "@subgraph-kit/pagination";
import { entitiesQuery } from "../../../test/support/graphqlClient";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import type { PrismaClient } from "./generated/prisma/client";
import { ordersSubgraph } from "./subgraph";

const { customers, orders } = demoDataset();

/** A customer of this test's own, with enough orders to page through, several placed at the same instant. */
const PAGING_CUSTOMER = "cust-paging";
const PAGING_ORDER_COUNT = 23;
const pagingOrders = Array.from({ length: PAGING_ORDER_COUNT }, (_, index) => ({
  id: `paging-order-${String(index + 1).padStart(2, "0")}`,
  number: `PG-${index + 1}`,
  customerId: PAGING_CUSTOMER,
  channel: "WEB" as const,
  status: "PLACED" as const,
  // Three orders per instant: only the id can order them, so page boundaries fall inside ties.
  placedAt: new Date(Date.UTC(2026, 2, 1, 12, Math.floor(index / 3))),
  currency: "GBP",
  fulfilmentType: "PICKUP" as const,
  pickupStoreId: "store-london-oxford-st",
}));

/** Newest first; the id, descending, breaks ties. */
const pagingOrderIdsNewestFirst = [...pagingOrders]
  .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime() || (a.id < b.id ? 1 : -1))
  .map((order) => order.id);

let subgraph: TestSubgraph<PrismaClient>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(ordersSubgraph, { caller: as.admin() });
  await subgraph.prisma.order.createMany({ data: pagingOrders });
});

afterAll(async () => {
  await subgraph?.stop();
});


interface OrdersPage {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const ORDERS_PAGE_QUERY = entitiesQuery(
  "Customer",
  "id orders(first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } }",
).replace("query($representations: [_Any!]!)", "query($representations: [_Any!]!, $first: Int, $after: String)");

async function ordersPage(customerId: string, first?: number | null, after?: string | null) {
  return subgraph.query(ORDERS_PAGE_QUERY, { representations: [{ __typename: "Customer", id: customerId }], first, after });
}

describe("Customer references", () => {
  it("resolve to the id they carry without reading the database", async () => {
    const representations = [{ __typename: "Customer", id: "cust-0001" }, { __typename: "Customer", id: "not-a-customer-anywhere" }];
    const { result: response, statements } = await subgraph.countStatements(() =>
      subgraph.query(entitiesQuery("Customer", "id"), { representations }),
    );

    expect(response.body.data._entities).toEqual([{ id: "cust-0001" }, { id: "not-a-customer-anywhere" }]);
    expect(statements).toBe(0);
  });
});

describe("Customer.orders", () => {
  it("lists a seeded customer's orders, newest first", async () => {
    const customer = customers[6]!;
    const expected = orders
      .filter((order) => order.customerId === customer.id)
      .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime())
      .map((order) => order.id);
    const response = await ordersPage(customer.id);

    expect(response.body.errors).toBeUndefined();
    const page: OrdersPage = response.body.data._entities[0].orders;
    expect(expected.length).toBeGreaterThan(1);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges.at(-1)!.cursor });
  });

  it("is an empty connection for a customer with no orders", async () => {
    const response = await ordersPage("cust-without-orders");

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities[0].orders).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it("gives 20 orders when first is omitted", async () => {
    const response = await ordersPage(PAGING_CUSTOMER);

    const page: OrdersPage = response.body.data._entities[0].orders;
    expect(page.edges.map((edge) => edge.node.id)).toEqual(pagingOrderIdsNewestFirst.slice(0, 20));
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it.each([1, 2, 3, 4, 7, 22, 23, 100])("walks every order exactly once, newest first, %i per page", async (first) => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pageNumber = 1; ; pageNumber++) {
      const response = await ordersPage(PAGING_CUSTOMER, first, after);
      expect(response.body.errors).toBeUndefined();
      const page: OrdersPage = response.body.data._entities[0].orders;

      expect(page.totalCount).toBe(PAGING_ORDER_COUNT);
      expect(page.edges).toHaveLength(Math.min(first, PAGING_ORDER_COUNT - seen.length));
      seen.push(...page.edges.map((edge) => edge.node.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      expect(page.pageInfo.hasNextPage).toBe(seen.length < PAGING_ORDER_COUNT);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pageNumber).toBeLessThan(PAGING_ORDER_COUNT);
    }

    expect(seen).toEqual(pagingOrderIdsNewestFirst);
  });

  it("gives an empty last page after the oldest order", async () => {
    const all: OrdersPage = (await ordersPage(PAGING_CUSTOMER, 100)).body.data._entities[0].orders;
    const response = await ordersPage(PAGING_CUSTOMER, 5, all.pageInfo.endCursor);

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data._entities[0].orders).toEqual({
      totalCount: PAGING_ORDER_COUNT,
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  describe("rejects bad arguments as BAD_USER_INPUT naming the argument, nulling only the field", () => {
    async function expectBadInput(argument: "first" | "after", first: number | null, after: string | null) {
      const response = await ordersPage(PAGING_CUSTOMER, first, after);

      expect(response.body.data._entities).toEqual([{ id: PAGING_CUSTOMER, orders: null }]);
      expect(response.body.errors).toHaveLength(1);
      const [error] = response.body.errors!;
      expect(error!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
      expect(error!.message).toContain(`"${argument}"`);
      expect(error!.path).toEqual(["_entities", 0, "orders"]);
    }

    it.each([0, -1, 101])("first: %i", (first) => expectBadInput("first", first, null));

    it.each([
      ["not base64 JSON", "definitely not a cursor!"],
      ["one sort key instead of two", encodeCursor(["2026-03-01T12:00:00.000Z"])],
      ["a placedAt that is not a timestamp", encodeCursor(["yesterday", "paging-order-01"])],
      ["a placedAt that is not in ISO form", encodeCursor(["1 March 2026", "paging-order-01"])],
      ["a placedAt given as epoch milliseconds", encodeCursor([1772366400000, "paging-order-01"])],
      ["an id that is a number", encodeCursor(["2026-03-01T12:00:00.000Z", 7])],
      ["an empty id", encodeCursor(["2026-03-01T12:00:00.000Z", ""])],
    ])("after: %s", (_case, after) => expectBadInput("after", null, after));
  });

  describe("batching", () => {
    const PAGE_WITH_LINES = `id orders(first: 3) {
      totalCount
      edges { cursor node { id number itemCount total { amountMinor } lines { sku lineTotal { amountMinor } } } }
      pageInfo { hasNextPage endCursor }
    }`;

    function customerRepresentations(count: number) {
      return customers.slice(0, count).map((customer) => ({ __typename: "Customer", id: customer.id }));
    }

    it.each([5, 25])(
      "serves orders(first: 3) for %i customers, with totals and lines, in exactly 3 SQL statements",
      async (count) => {
        const { result: response, statements } = await subgraph.countStatements(() =>
          subgraph.query(entitiesQuery("Customer", PAGE_WITH_LINES), { representations: customerRepresentations(count) }),
        );

        expect(response.body.errors).toBeUndefined();
        const pages: { id: string; orders: { totalCount: number; edges: { node: { id: string; total: { amountMinor: number } } }[] } }[] =
          response.body.data._entities;
        customers.slice(0, count).forEach((customer, index) => {
          const own = orders
            .filter((order) => order.customerId === customer.id)
            .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime());
          expect(pages[index]!.id).toBe(customer.id);
          expect(pages[index]!.orders.totalCount).toBe(own.length);
          expect(pages[index]!.orders.edges.map((edge) => edge.node.id)).toEqual(own.slice(0, 3).map((order) => order.id));
          expect(pages[index]!.orders.edges.map((edge) => edge.node.total.amountMinor)).toEqual(
            own.slice(0, 3).map((order) => order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0)),
          );
        });
        // One for the pages of every customer, one for their totalCounts, one for the lines of every order.
        expect(statements).toBe(3);
      },
    );

    it("costs one page statement per distinct page shape, not per customer", async () => {
      const selection = `id
        firstOne: orders(first: 1) { edges { node { id } } }
        firstTwo: orders(first: 2) { totalCount edges { node { id } } }
        againFirstOne: orders(first: 1) { totalCount edges { node { id } } }`;
      const { result: response, statements } = await subgraph.countStatements(() =>
        subgraph.query(entitiesQuery("Customer", selection), { representations: customerRepresentations(25) }),
      );

      expect(response.body.errors).toBeUndefined();
      const [first] = response.body.data._entities;
      expect(first.firstOne.edges).toHaveLength(1);
      expect(first.firstTwo.edges).toHaveLength(2);
      expect(first.againFirstOne).toEqual({ totalCount: 2, edges: first.firstOne.edges });
      // Two shapes (first: 1, first: 2) and one groupBy for every count: the loaders dedupe the rest.
      expect(statements).toBe(3);
    });
  });
});
