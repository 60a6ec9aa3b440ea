/**
 * A storefront's use of the generated operations (src/gql, from `npm run codegen:example`):
 * every result and variable below is typed from schema/api.graphql, so a schema change that
 * breaks an operation fails codegen, and one that changes a type this code relies on fails
 * `npm run typecheck`.
 */
import {
  AddToCartDocument,
  CartDocument,
  type CartContentsFragment,
  CreateCartDocument,
  ProductPageDocument,
  SearchProductsDocument,
  type TypedDocumentString,
} from "./gql/graphql";

export interface StorefrontClient {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  endpoint: string;
  /** The app's API key (`dev-web-key` is the demo web storefront's). */
  apiKey: string;
}

/** A GraphQL error the gateway answered, with its `extensions.code`. */
export class StorefrontError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Runs one generated operation over fetch: its variables and its result are typed by the document. */
export async function execute<TResult, TVariables>(
  client: StorefrontClient,
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  const response = await fetch(client.endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", "x-api-key": client.apiKey },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: TResult | null; errors?: { message: string; extensions?: { code?: string } }[] };
  const [error] = body.errors ?? [];
  if (error) throw new StorefrontError(error.message, error.extensions?.code);
  if (!body.data) throw new StorefrontError(`HTTP ${response.status} without data`, undefined);
  return body.data;
}

/** What the product page shows: each variant with its price and whether the shopper's store has it. */
export async function productPage(client: StorefrontClient, slug: string, storeId: string) {
  const { product } = await execute(client, ProductPageDocument, { slug, storeId });
  if (!product) return undefined;
  return {
    title: `${product.brand} ${product.name}`,
    category: product.category.name,
    image: product.images[0],
    variants: product.variants.map((variant) => ({
      sku: variant.sku,
      label: `${variant.size}, ${variant.colour}`,
      price: formatMoney(variant.price),
      availableHere: variant.availability?.available ?? 0,
    })),
  };
}

/** One page of search results and where the next one starts. */
export async function search(client: StorefrontClient, text: string, after?: string) {
  const { products } = await execute(client, SearchProductsDocument, { text, first: 24, after });
  return {
    total: products.totalCount,
    next: products.pageInfo.hasNextPage ? (products.pageInfo.endCursor ?? undefined) : undefined,
    items: products.edges.map(({ node }) => ({ href: `/p/${node.slug}`, name: node.name, brand: node.brand, image: node.images[0] })),
  };
}

/** Adds a SKU to the shopper's cart, starting one when they have none; returns the cart's lines and total. */
export async function addToCart(client: StorefrontClient, cartToken: string | undefined, sku: string, quantity = 1) {
  const token = cartToken ?? (await execute(client, CreateCartDocument)).createCart.token;
  const { addCartLine } = await execute(client, AddToCartDocument, { cartToken: token, sku, quantity });
  return summarise(addCartLine);
}

export async function cart(client: StorefrontClient, token: string) {
  return summarise((await execute(client, CartDocument, { token })).cart);
}

function summarise(cart: CartContentsFragment) {
  return {
    token: cart.token,
    open: cart.status === "OPEN",
    items: cart.itemCount,
    lines: cart.lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      name: line.variant ? `${line.variant.product.name} (${line.variant.size}, ${line.variant.colour})` : line.sku,
      price: line.variant ? formatMoney(line.variant.price) : undefined,
    })),
  };
}

function formatMoney(money: { amount: string; currencyCode: string }): string {
  return `${money.amount} ${money.currencyCode}`;
}
