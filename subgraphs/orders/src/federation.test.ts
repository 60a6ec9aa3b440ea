import { composeServices } from "@apollo/composition";
import { ApolloGateway, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { SigningDataSource } from "../../../test/support/signingDataSource";
import { ANONYMOUS_WEB } from "@platform/caller";
import { ApolloServer } from "@apollo/server";
import { printSubgraphSchema } from "@apollo/subgraph";
import { type GraphQLObjectType, type GraphQLSchema, isNonNullType, parse } from "graphql";
import { demoDataset } from "../../../prisma/seed";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import type { PrismaClient as CustomerPrisma } from "../../customer/src/generated/prisma/client";
import { createSubgraphSchema as createCatalogSchema } from "../../catalog/src/subgraph";
import { createSubgraphSchema as createCustomerSchema, customerSubgraph } from "../../customer/src/subgraph";
import { createSubgraphSchema as createInventorySchema } from "../../inventory/src/subgraph";
import type { PrismaClient as OrdersPrisma } from "./generated/prisma/client";
import { createSubgraphSchema as createOrdersSchema, ordersSubgraph } from "./subgraph";

/** Nothing listens here: a query plan that reached a neighbour would fail the test. */
const UNREACHABLE_URL = "http://127.0.0.1:9/graphql";

async function compose(urls: { customer: string; orders: string }) {
  const subgraphSdl = async (build: () => Promise<GraphQLSchema>) => parse(printSubgraphSchema(await build()));
  return composeServices([
    { name: "customer", url: urls.customer, typeDefs: await subgraphSdl(createCustomerSchema) },
    { name: "orders", url: urls.orders, typeDefs: await subgraphSdl(createOrdersSchema) },
    { name: "catalog", url: UNREACHABLE_URL, typeDefs: await subgraphSdl(createCatalogSchema) },
    { name: "inventory", url: UNREACHABLE_URL, typeDefs: await subgraphSdl(createInventorySchema) },
  ]);
}

const { customers, orders } = demoDataset();

let customer: TestSubgraph<CustomerPrisma>;
let ordersGraph: TestSubgraph<OrdersPrisma>;
let gateway: ApolloServer;

/** Requests the gateway has sent, per subgraph. */
const requestsSent: Record<string, number> = {};

/** Signs as the gateway does, for an admin (these tests read any customer's orders). */
class CountingDataSource extends SigningDataSource {
  constructor(
    private readonly subgraphName: string,
    url: string,
  ) {
    super(url, { ...ANONYMOUS_WEB, adminId: "admin-1" });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions): void {
    requestsSent[this.subgraphName] = (requestsSent[this.subgraphName] ?? 0) + 1;
    super.willSendRequest(options);
  }
}

beforeAll(async () => {
  [customer, ordersGraph] = await Promise.all([startTestSubgraph(customerSubgraph), startTestSubgraph(ordersSubgraph)]);
  const composed = await compose({ customer: customer.url, orders: ordersGraph.url });
  if (composed.errors) throw new Error(`Composition failed:\n${composed.errors.map((error) => error.message).join("\n")}`);
  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: composed.supergraphSdl,
      buildService: ({ name, url }) => new CountingDataSource(name, url!),
    }),
  });
  await gateway.start();
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all([customer?.stop(), ordersGraph?.stop()]);
});

async function execute(query: string, variables: Record<string, unknown> = {}) {
  const response = await gateway.executeOperation({ query, variables });
  if (response.body.kind !== "single") throw new Error("expected a single result");
  return response.body.singleResult as { data?: any; errors?: { message: string }[] };
}

/** What `action` returns, and the requests the gateway sent each subgraph and the SQL statements those sent. */
async function measuring<T>(action: () => Promise<T>) {
  const statementsBefore = { customer: customer.sqlStatements.total, orders: ordersGraph.sqlStatements.total };
  const requestsBefore = { customer: requestsSent.customer ?? 0, orders: requestsSent.orders ?? 0 };
  const result = await action();
  return {
    result,
    requests: { customer: (requestsSent.customer ?? 0) - requestsBefore.customer, orders: (requestsSent.orders ?? 0) - requestsBefore.orders },
    statements: {
      customer: customer.sqlStatements.total - statementsBefore.customer,
      orders: ordersGraph.sqlStatements.total - statementsBefore.orders,
    },
  };
}

describe("composition with the catalog and inventory contract", () => {
  it("composes, with Customer.orders contributed as a nullable field", async () => {
    const composed = await compose({ customer: UNREACHABLE_URL, orders: UNREACHABLE_URL });

    expect(composed.errors).toBeUndefined();
    const api = composed.schema!.toAPISchema().toGraphQLJSSchema();
    const customerType = api.getType("Customer") as GraphQLObjectType;
    expect(Object.keys(customerType.getFields())).toEqual(expect.arrayContaining(["email", "name", "addresses", "preferredStore", "orders"]));
    expect(isNonNullType(customerType.getFields().orders!.type)).toBe(false);
    expect(String((api.getType("OrderLine") as GraphQLObjectType).getFields().variant!.type)).toBe("ProductVariant");
    expect(String((api.getType("Fulfilment") as GraphQLObjectType).getFields().pickupStore!.type)).toBe("Store");
  });
});

describe("through a gateway", () => {
  it("joins a customer to their orders and each order back to its customer", async () => {
    const demoCustomer = customers[6]!;
    const own = orders.filter((order) => order.customerId === demoCustomer.id).sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime());

    const { result, requests, statements } = await measuring(() =>
      execute(
        `query($id: ID!) {
          customer(id: $id) {
            name
            orders(first: 10) {
              totalCount
              edges { node { number customer { id email } lines { variant { sku } } } }
            }
          }
        }`,
        { id: demoCustomer.id },
      ),
    );

    expect(result.errors).toBeUndefined();
    expect(result.data.customer).toEqual({
      name: `${demoCustomer.firstName} ${demoCustomer.lastName}`,
      orders: {
        totalCount: own.length,
        edges: own.map((order) => ({
          node: {
            number: order.number,
            customer: { id: demoCustomer.id, email: demoCustomer.email },
            lines: order.lines.map((line) => ({ variant: { sku: line.sku } })),
          },
        })),
      },
    });
    // customer: the root field, then one _entities batch for every order's customer.
    // orders: one _entities request for Customer.orders: its page, its count, the pages' lines.
    expect(requests).toEqual({ customer: 2, orders: 1 });
    expect(statements).toEqual({ customer: 2, orders: 3 });
  });

  it.each([5, 25])(
    "serves %i aliased orders with their customers' details and latest orders: constant SQL in orders, one statement per customer request",
    async (count) => {
      const selected = orders.slice(0, count);
      // One root field per order: the gateway sends them all to the orders subgraph in one request.
      const fields = selected.map(
        (order, index) => `o${index}: orderByNumber(number: "${order.number}") {
          total { amount }
          customer { name consent { marketing } orders(first: 2) { totalCount edges { node { id itemCount } } } }
        }`,
      );
      const { result, requests, statements } = await measuring(() => execute(`{ ${fields.join("\n")} }`));

      expect(result.errors).toBeUndefined();
      selected.forEach((order, index) => {
        const owner = customers.find((candidate) => candidate.id === order.customerId)!;
        expect(result.data[`o${index}`].customer.name).toBe(`${owner.firstName} ${owner.lastName}`);
        expect(result.data[`o${index}`].customer.orders.totalCount).toBe(orders.filter((o) => o.customerId === owner.id).length);
      });
      // The orders subgraph resolves Customer.orders in the root request, from the Order.customer
      // stub: the root orders (1) and their lines (1), the customers' pages (1), counts (1) and
      // the lines of those pages (1), however many orders were asked for.
      expect(requests.orders).toBe(1);
      expect(statements.orders).toBe(5);
      // The gateway's planner gives each aliased path its own _entities fetch to the customer
      // subgraph; within each request, the references cost one statement.
      expect(requests.customer).toBeGreaterThan(0);
      expect(statements.customer).toBe(requests.customer);
    },
  );
});
