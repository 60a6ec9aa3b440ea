import { demoDataset, priceFor } from "../../../prisma/seed";
import { as, clientCredentials } from "../../support/callers";
import { postGraphQL } from "../../support/graphqlClient";
import { type RunningStack, startStack } from "../../support/stack";
import { createTestDatabaseTarget } from "../../support/testDatabase";

/**
 * The whole system as `npm start` runs it: the launcher, four subgraph processes and the
 * gateway process, on the embedded default and, when TEST_DATABASE_URL is set, on PostgreSQL.
 * Expected values come from the demo dataset the subgraphs seeded.
 */
const dataset = demoDataset();
const variants = new Map(dataset.products.flatMap((product) => product.variants.map((variant) => [variant.sku, { variant, product }])));
const stockOf = (sku: string, storeId: string) => dataset.stock.find((row) => row.sku === sku && row.storeId === storeId)!;
const shelfOf = (sku: string, storeId: string) => dataset.shelfLocations.find((row) => row.sku === sku && row.storeId === storeId)!;
const london = dataset.stores.find((store) => store.code === "LON01")!;

const modes: [string, () => Promise<{ env: NodeJS.ProcessEnv; dispose(): Promise<void> }>][] = [
  ["the embedded default (PGlite)", async () => ({ env: {}, dispose: async () => undefined })],
];
if (process.env.TEST_DATABASE_URL) {
  modes.push([
    "PostgreSQL",
    async () => {
      const database = await createTestDatabaseTarget();
      if (database.target.kind !== "postgres") throw new Error("expected a PostgreSQL test database");
      return { env: { DATABASE_URL: database.target.url, SEED_DEMO_DATA: "true" }, dispose: database.dispose };
    },
  ]);
}

describe.each(modes)("the federated stack on %s", (_mode, prepare) => {
  let stack: RunningStack;
  let dispose: () => Promise<void>;
  let exitCode: number | null | undefined;

  beforeAll(async () => {
    const prepared = await prepare();
    dispose = prepared.dispose;
    stack = await startStack(prepared.env);
  });

  afterAll(async () => {
    if (exitCode === undefined) await stack?.stop();
    await dispose?.();
  });

  // An admin on the demo web app: these tests read any customer's data across the subgraphs.
  const query = async (document: string, variables: Record<string, unknown> = {}) =>
    postGraphQL(stack.gatewayUrl, document, variables, await clientCredentials(as.admin()));

  it("answers one query across all four subgraphs: customer -> orders -> lines -> variant -> product and stock in a store", async () => {
    const order = dataset.orders.find((candidate) => candidate.fulfilment.type === "PICKUP")!;
    const customer = dataset.customers.find((candidate) => candidate.id === order.customerId)!;
    const customerOrders = dataset.orders
      .filter((candidate) => candidate.customerId === customer.id)
      .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime() || b.id.localeCompare(a.id));

    const response = await query(
      `query Journey($id: ID!, $storeId: ID!) {
        customer(id: $id) {
          name
          email
          orders(first: 50) {
            totalCount
            edges { node {
              number channel status
              fulfilment { type pickupStore { id name } }
              lines {
                quantity
                unitPrice { amountMinor currencyCode }
                variant {
                  sku barcode
                  product { name brand }
                  availability(storeId: $storeId) { onHand reserved available }
                  shelfLocation(storeId: $storeId) { aisle bay shelf }
                }
              }
            } }
          }
        }
      }`,
      { id: customer.id, storeId: london.id },
    );

    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const result = response.body.data.customer;
    expect(result.name).toBe(`${customer.firstName} ${customer.lastName}`);
    expect(result.email).toBe(customer.email);
    expect(result.orders.totalCount).toBe(customerOrders.length);
    expect(result.orders.edges.map((edge: any) => edge.node.number)).toEqual(customerOrders.map((o) => o.number));

    const shown = result.orders.edges.find((edge: any) => edge.node.number === order.number).node;
    expect(shown.channel).toBe(order.channel);
    expect(shown.fulfilment).toEqual({
      type: "PICKUP",
      pickupStore: { id: (order.fulfilment as { storeId: string }).storeId, name: dataset.stores.find((s) => s.id === (order.fulfilment as { storeId: string }).storeId)!.name },
    });
    expect(shown.lines).toEqual(
      order.lines.map((line) => {
        const { variant, product } = variants.get(line.sku)!;
        const stock = stockOf(line.sku, london.id);
        const shelf = shelfOf(line.sku, london.id);
        return {
          quantity: line.quantity,
          unitPrice: { amountMinor: line.unitPriceMinor, currencyCode: line.currency },
          variant: {
            sku: line.sku,
            barcode: variant.barcode,
            product: { name: product.name, brand: product.brand },
            availability: { onHand: stock.onHand, reserved: stock.reserved, available: stock.onHand - stock.reserved },
            shelfLocation: { aisle: shelf.aisle, bay: shelf.bay, shelf: shelf.shelf },
          },
        };
      }),
    );
  });

  it("serves a storefront product page with the channel's price and per-store availability", async () => {
    const product = dataset.products.find((candidate) => candidate.variants.some((v) => v.prices.some((p) => p.channel === "WEB")))!;
    const response = await query(
      `query ProductPage($slug: String!, $storeId: ID!) {
        product(slug: $slug) {
          name
          variants { sku web: price(channel: WEB) { amountMinor } kiosk: price(channel: KIOSK) { amountMinor } availability(storeId: $storeId) { available inStock } }
        }
      }`,
      { slug: product.slug, storeId: london.id },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.product.name).toBe(product.name);
    const expected = product.variants.map((variant) => {
      const stock = stockOf(variant.sku, london.id);
      return {
        sku: variant.sku,
        web: { amountMinor: priceFor(variant, "WEB").amountMinor },
        kiosk: { amountMinor: priceFor(variant, "KIOSK").amountMinor },
        availability: { available: stock.onHand - stock.reserved, inStock: stock.onHand - stock.reserved > 0 },
      };
    });
    expect(response.body.data.product.variants).toEqual(expect.arrayContaining(expected));
    expect(response.body.data.product.variants).toHaveLength(expected.length);
  });

  it("tells a store associate's handheld where a scanned barcode sits and how many are on hand", async () => {
    const { variant, product } = [...variants.values()][42]!;
    const response = await query(
      `query Locate($storeId: ID!, $barcode: String!) {
        locateItem(storeId: $storeId, barcode: $barcode) {
          variant { sku product { name } }
          shelfLocation { aisle bay shelf }
          stock { onHand }
        }
      }`,
      { storeId: london.id, barcode: variant.barcode },
    );
    expect(response.body.errors).toBeUndefined();
    const shelf = shelfOf(variant.sku, london.id);
    expect(response.body.data.locateItem).toEqual([
      {
        variant: { sku: variant.sku, product: { name: product.name } },
        shelfLocation: { aisle: shelf.aisle, bay: shelf.bay, shelf: shelf.shelf },
        stock: { onHand: stockOf(variant.sku, london.id).onHand },
      },
    ]);
  });

  it("answers bad input with BAD_USER_INPUT through the gateway, never a 500", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ["{ products(first: -1) { totalCount } }", {}],
      ['{ product(id: "prod-0001", slug: "x") { id } }', {}],
      ['{ locateItem(storeId: "no-such-store", sku: "NW-0001-RED-XL") { stock { onHand } } }', {}],
      ['{ variantByBarcode(barcode: "12345") { sku } }', {}],
    ];
    for (const [document, variables] of cases) {
      const response = await query(document, variables);
      expect(response.status).toBe(200);
      expect(response.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const unknown = await query('{ product(id: "no-such-product") { id } customer(id: "nobody") { id } }');
    expect(unknown.body).toEqual({ data: { product: null, customer: null } });
  });

  it("stops every process on Ctrl-C and exits 0", async () => {
    exitCode = await stack.stop();
    expect(exitCode).toBe(0);
    for (const url of [stack.gatewayUrl, ...Object.values(stack.subgraphUrls)]) {
      await expect(fetch(url, { method: "POST" })).rejects.toThrow();
    }
  });
});
