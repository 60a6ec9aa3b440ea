/**
 * Prints how many SQL statements each subgraph sends to answer one `_entities` request, for
 * batches of 1 to 100 representations. Batching holds when the count stays flat as the batch
 * grows. Runs each subgraph in-process on a fresh database (PGlite, or PostgreSQL when
 * TEST_DATABASE_URL is set).
 *
 *   npx tsx bench/entityBatching.ts
 */
import "reflect-metadata";
import { demoDataset } from "../prisma/seed";
import { catalogSubgraph } from "../subgraphs/catalog/src/subgraph";
import { customerSubgraph } from "../subgraphs/customer/src/subgraph";
import { inventorySubgraph } from "../subgraphs/inventory/src/subgraph";
import { ordersSubgraph } from "../subgraphs/orders/src/subgraph";
import { entitiesQuery } from "../test/support/graphqlClient";
import { startTestSubgraph } from "../test/support/startTestSubgraph";

const BATCH_SIZES = [1, 5, 25, 100];
const dataset = demoDataset();
const skus = dataset.products.flatMap((product) => product.variants.map((variant) => variant.sku));
const storeId = dataset.stores[0]!.id;

interface Case {
  label: string;
  typeName: string;
  selection: string;
  representation: (index: number) => Record<string, unknown>;
}

const cycle = <T>(items: T[], index: number): T => items[index % items.length]!;

const plan: [definition: Parameters<typeof startTestSubgraph>[0], cases: Case[]][] = [
  [
    catalogSubgraph,
    [
      { label: "Product { name brand }", typeName: "Product", selection: "name brand", representation: (i) => ({ id: cycle(dataset.products, i).id }) },
      { label: "ProductVariant { barcode price }", typeName: "ProductVariant", selection: "barcode price { amount }", representation: (i) => ({ sku: cycle(skus, i) }) },
      {
        label: "ProductVariant { product { name category { name } } }",
        typeName: "ProductVariant",
        selection: "product { name category { name } }",
        representation: (i) => ({ sku: cycle(skus, i) }),
      },
    ],
  ],
  [
    inventorySubgraph,
    [
      { label: "Store { name address }", typeName: "Store", selection: "name address { city }", representation: (i) => ({ id: cycle(dataset.stores, i).id }) },
      {
        label: "ProductVariant { availability(storeId) }",
        typeName: "ProductVariant",
        selection: `availability(storeId: "${storeId}") { onHand available }`,
        representation: (i) => ({ sku: cycle(skus, i) }),
      },
      {
        label: "ProductVariant { shelfLocation(storeId) }",
        typeName: "ProductVariant",
        selection: `shelfLocation(storeId: "${storeId}") { aisle bay shelf }`,
        representation: (i) => ({ sku: cycle(skus, i) }),
      },
      { label: "ProductVariant { stockLevels }", typeName: "ProductVariant", selection: "stockLevels { onHand }", representation: (i) => ({ sku: cycle(skus, i) }) },
    ],
  ],
  [
    customerSubgraph,
    [
      { label: "Customer { name email }", typeName: "Customer", selection: "name email", representation: (i) => ({ id: cycle(dataset.customers, i).id }) },
      { label: "Customer { addresses }", typeName: "Customer", selection: "addresses { address { city } }", representation: (i) => ({ id: cycle(dataset.customers, i).id }) },
      {
        label: "Customer { shoppingStage lastChannel touchpoints(first: 3) }",
        typeName: "Customer",
        selection: "shoppingStage lastChannel touchpoints(first: 3) { totalCount edges { node { type channel } } }",
        representation: (i) => ({ id: cycle(dataset.customers, i).id }),
      },
    ],
  ],
  [
    ordersSubgraph,
    [
      { label: "Order { number status }", typeName: "Order", selection: "number status", representation: (i) => ({ id: cycle(dataset.orders, i).id }) },
      { label: "Order { lines total }", typeName: "Order", selection: "lines { sku quantity } total { amount }", representation: (i) => ({ id: cycle(dataset.orders, i).id }) },
      {
        label: "Customer { orders(first: 3) { totalCount lines } }",
        typeName: "Customer",
        selection: "orders(first: 3) { totalCount edges { node { number lines { sku } } } }",
        representation: (i) => ({ id: cycle(dataset.customers, i).id }),
      },
    ],
  ],
];

async function main() {
  console.log(`SQL statements per _entities request (database: ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"})\n`);
  const header = ["subgraph", "entity and selection", ...BATCH_SIZES.map((size) => `n=${size}`)];
  const rows: string[][] = [];
  for (const [definition, cases] of plan) {
    const subgraph = await startTestSubgraph(definition);
    try {
      for (const testCase of cases) {
        const counts: string[] = [];
        for (const size of BATCH_SIZES) {
          const representations = Array.from({ length: size }, (_, index) => ({ __typename: testCase.typeName, ...testCase.representation(index) }));
          const { result, statements } = await subgraph.countStatements(() =>
            subgraph.query(entitiesQuery(testCase.typeName, testCase.selection), { representations }),
          );
          if (result.body.errors) throw new Error(`${definition.name} ${testCase.label}: ${JSON.stringify(result.body.errors)}`);
          counts.push(String(statements));
        }
        rows.push([definition.name, testCase.label, ...counts]);
      }
    } finally {
      await subgraph.stop();
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const row of rows) console.log(line(row));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
