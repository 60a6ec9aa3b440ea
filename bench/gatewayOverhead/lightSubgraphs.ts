/**
 * Two light subgraphs with static, in-memory data, so that what a gateway in front of them
 * spends is its own cost: `products` (the root field and the product's own fields) and `stock`
 * (a field it adds to Product). With `hinted`, every type and root field carries
 * `@cacheControl(maxAge: 60)`, so a caching gateway can answer from its cache.
 */
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";

export const LIGHT_SUBGRAPHS = ["products", "stock"] as const;
export type LightSubgraphName = (typeof LIGHT_SUBGRAPHS)[number];

const PRODUCT_COUNT = 50;
const PRODUCTS = Array.from({ length: PRODUCT_COUNT }, (_, index) => ({
  id: `p-${index + 1}`,
  name: `Product ${index + 1}`,
  brand: ["Northwind", "Contoso", "Fabrikam"][index % 3],
  price: { amount: 1000 + index * 25, currencyCode: "GBP" },
}));

const CACHE_CONTROL = `
enum CacheControlScope { PUBLIC PRIVATE }
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`;

function sdl(name: LightSubgraphName, hinted: boolean): string {
  const hint = hinted ? " @cacheControl(maxAge: 60)" : "";
  const inherit = hinted ? " @cacheControl(inheritMaxAge: true)" : "";
  const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])`;
  if (name === "products") {
    return `${link}
${CACHE_CONTROL}
type Query {
  products(first: Int = 10): [Product!]!${hint}
  product(id: ID!): Product${hint}
}
type Product @key(fields: "id")${hint} { id: ID! name: String! brand: String! price: Money! }
type Money @shareable${inherit} { amount: Int! currencyCode: String! }`;
  }
  return `${link}
${CACHE_CONTROL}
type Product @key(fields: "id")${hint} { id: ID! stock: Stock! }
type Stock${inherit} { available: Int! inStock: Boolean! }`;
}

function resolvers(name: LightSubgraphName) {
  if (name === "products") {
    const byId = new Map(PRODUCTS.map((product) => [product.id, product]));
    return {
      Query: {
        products: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, Math.max(0, Math.min(first, PRODUCT_COUNT))),
        product: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null,
      },
      Product: { __resolveReference: ({ id }: { id: string }) => byId.get(id) ?? null },
    };
  }
  return {
    Product: {
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      stock: ({ id }: { id: string }) => {
        const available = (Number(id.slice(2)) * 7) % 23;
        return { available, inStock: available > 0 };
      },
    },
  };
}

export function lightSubgraphSdl(name: LightSubgraphName, hinted: boolean): string {
  return sdl(name, hinted);
}

export function lightSubgraphSchema(name: LightSubgraphName, hinted: boolean) {
  return buildSubgraphSchema({ typeDefs: parse(sdl(name, hinted)), resolvers: resolvers(name) as never });
}
