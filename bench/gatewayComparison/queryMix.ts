/**
 * The fixed query mix every gateway is driven with: what a storefront, a handheld and a
 * customer's app ask most often. Ids come from the deterministic demo world (prisma/seed), so
 * every operation answers real data on a freshly seeded stack.
 */
import { clientCredentials } from "../../test/support/callers";
import { demoDataset } from "../../prisma/seed";

export interface MixOperation {
  /** The operation name, also used to label its error counts. */
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** The caller headers a client on that channel sends. */
  headers: Record<string, string>;
  /** What makes an answer useless even without errors (an empty list, a null root); undefined when fine. */
  emptiness(data: any): string | undefined;
}

const dataset = demoDataset();

const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
const productPage = dataset.products[0]!;
/** A variant this store holds units of and has a shelf place for: a locate finds it. */
const locatedSku = dataset.stock.find(
  (stock) =>
    stock.storeId === store.id &&
    stock.onHand > 0 &&
    dataset.shelfLocations.some((shelf) => shelf.storeId === store.id && shelf.sku === stock.sku),
)!.sku;
/** The customer with the most orders (the first of them on a tie). */
const customerId = mostFrequent(dataset.orders.map((order) => order.customerId));
const ASSOCIATE_ID = "assoc-017";

export const DEMO_IDS = { storeId: store.id, productSlug: productPage.slug, sku: locatedSku, customerId, associateId: ASSOCIATE_ID };

export const QUERY_MIX: readonly MixOperation[] = [
  {
    name: "Listing",
    query: `query Listing($storeId: ID!) {
  products(first: 20) {
    totalCount
    edges { node { id name variants { sku price { amount currencyCode } availability(storeId: $storeId) { available inStock } } } }
  }
}`,
    variables: { storeId: store.id },
    headers: { "x-commerce-channel": "WEB" },
    emptiness: (data) => (data?.products?.edges?.length === 20 ? undefined : "products(first: 20) did not answer 20 products"),
  },
  {
    name: "ProductPage",
    query: `query ProductPage($slug: String!, $storeId: ID!) {
  product(slug: $slug) {
    id name brand images
    category { name parent { name } }
    variants { sku size colour price { amount currencyCode } availability(storeId: $storeId) { available inStock } }
  }
}`,
    variables: { slug: productPage.slug, storeId: store.id },
    headers: { "x-commerce-channel": "WEB" },
    emptiness: (data) => (data?.product?.variants?.length ? undefined : `product(slug: "${productPage.slug}") is null or has no variants`),
  },
  {
    name: "Locate",
    query: `query Locate($storeId: ID!, $sku: String!) {
  locateItem(storeId: $storeId, sku: $sku) {
    variant { sku size colour product { name } }
    shelfLocation { aisle bay shelf }
    stock { onHand reserved available }
  }
}`,
    variables: { storeId: store.id, sku: locatedSku },
    headers: { "x-commerce-channel": "HANDHELD", "x-commerce-store": store.id, "x-commerce-associate": ASSOCIATE_ID },
    emptiness: (data) =>
      data?.locateItem?.length && data.locateItem[0].variant?.product?.name ? undefined : `locateItem(sku: "${locatedSku}") found nothing, or no variant`,
  },
  {
    name: "CustomerOrders",
    query: `query CustomerOrders($id: ID!) {
  customer(id: $id) {
    name
    orders(first: 5) { edges { node { number status total { amount } lines { quantity variant { sku product { name } } } } } }
  }
}`,
    variables: { id: customerId },
    headers: { "x-commerce-channel": "WEB", "x-commerce-customer": customerId },
    emptiness: (data) => {
      const orders = data?.customer?.orders?.edges;
      if (!orders?.length) return `customer(id: "${customerId}") is null or has no orders`;
      return orders.every((edge: any) => edge.node.lines.every((line: any) => line.variant?.product?.name)) ? undefined : "an order line has no variant";
    },
  },
];

/** The JSON body of an operation's POST. */
/**
 * The mix as a client of this gateway sends it: each operation's caller headers turned into the
 * demo app's API key and a development token for the person (gateway/dev-api-keys.json).
 */
export async function withClientCredentials(mix: readonly MixOperation[]): Promise<MixOperation[]> {
  return Promise.all(mix.map(async (operation) => ({ ...operation, headers: await clientCredentials(operation.headers) })));
}

export function requestBody(operation: MixOperation): string {
  return JSON.stringify({ operationName: operation.name, query: operation.query, variables: operation.variables });
}

function mostFrequent(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0]!;
  for (const [value, count] of counts) if (count > counts.get(best)!) best = value;
  return best;
}
