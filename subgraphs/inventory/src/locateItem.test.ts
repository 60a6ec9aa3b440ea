import { composeServices } from "@apollo/composition";
import { SigningDataSource } from "../../../test/support/signingDataSource";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { printSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { demoDataset, type DemoProduct, priceFor } from "../../../prisma/seed";
import type { GraphQLResponse } from "../../../test/support/graphqlClient";
import { startTestSubgraph, type TestSubgraph } from "../../../test/support/startTestSubgraph";
import type { PrismaClient as CatalogPrisma } from "../../catalog/src/generated/prisma/client";
import { catalogSubgraph, createSubgraphSchema as createCatalogSchema } from "../../catalog/src/subgraph";
import type { PrismaClient as InventoryPrisma } from "./generated/prisma/client";
import { TEXT_SEARCH_PRODUCT_LIMIT } from "./service/locateItemService";
import { createInventorySubgraph, createSubgraphSchema as createInventorySchema } from "./subgraph";

// Inventory asks catalog for barcodes and words over real HTTP: both run here, each on a free port.

const { products, stock, shelfLocations, stores } = demoDataset();
const LONDON = stores.find((store) => store.code === "LON01")!;
const LOCATED = `variant { sku } store { id } shelfLocation { aisle bay shelf } stock { onHand reserved available inStock }`;

let catalog: TestSubgraph<CatalogPrisma>;
let inventory: TestSubgraph<InventoryPrisma>;
let catalogStopped = false;

beforeAll(async () => {
  catalog = await startTestSubgraph(catalogSubgraph);
  inventory = await startTestSubgraph(createInventorySubgraph({ catalogUrl: catalog.url }));
});

afterAll(async () => {
  await inventory?.stop();
  if (!catalogStopped) await catalog?.stop();
});

/** What locateItem should say about a SKU at a store, straight from the demo dataset. */
function locatedAt(sku: string, storeId: string) {
  const level = stock.find((candidate) => candidate.sku === sku && candidate.storeId === storeId)!;
  const shelf = shelfLocations.find((candidate) => candidate.sku === sku && candidate.storeId === storeId)!;
  return {
    variant: { sku },
    store: { id: storeId },
    shelfLocation: { aisle: shelf.aisle, bay: shelf.bay, shelf: shelf.shelf },
    stock: { onHand: level.onHand, reserved: level.reserved, available: level.onHand - level.reserved, inStock: level.onHand > level.reserved },
  };
}

function locateItem(lookup: Record<string, string>): Promise<GraphQLResponse> {
  return inventory.query(
    `query($storeId: ID!, $barcode: String, $sku: String, $text: String) { locateItem(storeId: $storeId, barcode: $barcode, sku: $sku, text: $text) { ${LOCATED} } }`,
    { storeId: LONDON.id, ...lookup },
  );
}

describe("with catalog up", () => {
  const variant = products[57]!.variants[0]!;

  it("locates a scanned barcode, whichever GTIN form the scanner reports", async () => {
    for (const barcode of [variant.barcode, variant.barcode.padStart(14, "0")]) {
      expect((await locateItem({ barcode })).body).toEqual({ data: { locateItem: [locatedAt(variant.sku, LONDON.id)] } });
    }
  });

  it("gives nothing for a valid barcode catalog does not know", async () => {
    expect((await locateItem({ barcode: "4006381333931" })).body).toEqual({ data: { locateItem: [] } });
  });

  it("locates every variant of the products matching the words, in catalog's order", async () => {
    const text = "merino hoodie";
    const matching = (product: DemoProduct) =>
      text.split(" ").every((word) => [product.name, product.brand, product.description].some((field) => field.toLowerCase().includes(word)));
    const expectedSkus = products
      .filter(matching)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, TEXT_SEARCH_PRODUCT_LIMIT)
      .flatMap((product) => product.variants.map((candidate) => candidate.sku).sort());
    expect(expectedSkus.length).toBeGreaterThan(1);

    expect((await locateItem({ text })).body).toEqual({ data: { locateItem: expectedSkus.map((sku) => locatedAt(sku, LONDON.id)) } });
  });

  it("locates by SKU too, without asking catalog", async () => {
    expect((await locateItem({ sku: variant.sku })).body).toEqual({ data: { locateItem: [locatedAt(variant.sku, LONDON.id)] } });
  });
});

describe("through a gateway", () => {
  let gateway: ApolloServer;

  beforeAll(async () => {
    const subgraphs = await Promise.all(
      [
        { name: "catalog", url: catalog.url, schema: await createCatalogSchema() },
        { name: "inventory", url: inventory.url, schema: await createInventorySchema() },
      ].map(async ({ name, url, schema }) => ({ name, url, typeDefs: parse(printSubgraphSchema(schema)) })),
    );
    const composed = composeServices(subgraphs);
    expect(composed.errors).toBeUndefined();
    gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl!, buildService: ({ url }) => new SigningDataSource(url!) }) });
    await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it("fills in each located variant from catalog and its stock from inventory", async () => {
    const variant = products[12]!.variants[0]!;
    const response = await gateway.executeOperation({
      query: `query($storeId: ID!, $barcode: String) {
        locateItem(storeId: $storeId, barcode: $barcode) {
          variant { sku barcode product { name } price(channel: HANDHELD) { amountMinor } availability(storeId: $storeId) { available } }
          store { name }
          shelfLocation { aisle }
        }
      }`,
      variables: { storeId: LONDON.id, barcode: variant.barcode },
    });
    const located = locatedAt(variant.sku, LONDON.id);
    expect(response.body.kind === "single" && response.body.singleResult).toEqual({
      data: {
        locateItem: [
          {
            variant: {
              sku: variant.sku,
              barcode: variant.barcode,
              product: { name: products[12]!.name },
              price: { amountMinor: priceFor(variant, "HANDHELD").amountMinor },
              availability: { available: located.stock.available },
            },
            store: { name: LONDON.name },
            shelfLocation: { aisle: located.shelfLocation.aisle },
          },
        ],
      },
    });
  });
});

describe("with catalog down", () => {
  beforeAll(async () => {
    await catalog.stop();
    catalogStopped = true;
  });

  it.each([
    ["a barcode", { barcode: products[3]!.variants[0]!.barcode }],
    ["words", { text: "hoodie" }],
  ])("reports SUBGRAPH_UNAVAILABLE for %s, which only catalog can resolve", async (_, lookup) => {
    const response = await locateItem(lookup);
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0]!.extensions).toMatchObject({ code: "SUBGRAPH_UNAVAILABLE", subgraph: "catalog" });
    expect(response.body.errors![0]!.path).toEqual(["locateItem"]);
  });

  it("still locates by SKU", async () => {
    const sku = products[3]!.variants[0]!.sku;
    expect((await locateItem({ sku })).body).toEqual({ data: { locateItem: [locatedAt(sku, LONDON.id)] } });
  });
});
