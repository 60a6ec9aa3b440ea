import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { type GraphQLSchema, parse } from "graphql";
import { createErrorFormatter } from "@platform/errors";
import { close, createGraphQLHttpServer, listen, sendJson } from "@platform/http";
import { createLogger } from "@platform/logging";
import { REPO_ROOT, type SubgraphEntry } from "@platform/registry";
import { composeSupergraph } from "../../../scripts/supergraph";
import { createSubgraphSchema as createStockSchema } from "../fixtures/stockSubgraph";

/** From the repository root, not `__dirname`: the launcher runs these files bundled, from dist/. */
export const FIXTURES = path.join(REPO_ROOT, "test/gateway/fixtures");

export const PRODUCTS = [
  { id: "p1", name: "Kettle", description: "1.7 l, stainless steel" },
  { id: "p2", name: "Toaster", description: "Two slots" },
];

export interface FixtureSubgraph {
  name: string;
  url: string;
  stop(): Promise<void>;
}

export interface FixtureSubgraphs {
  products: FixtureSubgraph;
  stock: FixtureSubgraph;
  /** Registry entries for these servers: products from an SDL file (v1 or v2), stock from its type-graphql module. */
  registry(version: "v1" | "v2", urls?: { products?: string; stock?: string }): SubgraphEntry[];
  stop(): Promise<void>;
}

/**
 * Two small subgraphs over real HTTP on free ports: `products` (SDL-first, already serving the
 * v2 schema with `Product.description`) and `stock` (type-graphql, contributes `Product.inStock`).
 */
export async function startFixtureSubgraphs(): Promise<FixtureSubgraphs> {
  const products = await serve("products", await createFixtureSchema("products"));
  const stock = await serve("stock", await createFixtureSchema("stock"));

  return {
    products,
    stock,
    registry: (version, urls = {}) => [
      { name: "products", url: urls.products ?? products.url, sdl: path.join(FIXTURES, version === "v1" ? "products.graphql" : "products-v2.graphql") },
      { name: "stock", url: urls.stock ?? stock.url, module: path.join(FIXTURES, "stockSubgraph.ts") },
    ],
    async stop() {
      await Promise.all([products.stop(), stock.stop()]);
    },
  };
}

export type FixtureName = "products" | "stock";

export async function createFixtureSchema(name: FixtureName): Promise<GraphQLSchema> {
  if (name === "stock") return createStockSchema();
  return buildSubgraphSchema({
    typeDefs: parse(readFileSync(path.join(FIXTURES, "products-v2.graphql"), "utf8")),
    resolvers: {
      Query: {
        products: (_: unknown, { first }: { first?: number }) => PRODUCTS.slice(0, first ?? PRODUCTS.length),
        product: (_: unknown, { id }: { id: string }) => PRODUCTS.find((product) => product.id === id) ?? null,
        failing: () => {
          throw new Error("connection to db-internal-7:5432 refused");
        },
      },
      Product: {
        __resolveReference: (reference: { id: string }) => PRODUCTS.find((product) => product.id === reference.id) ?? null,
      },
    },
  });
}

/**
 * A fixture subgraph as its own process, like a real subgraph's index.ts: PORT from the
 * environment, GET /health answers `{ status, pid }`, SIGTERM stops it and exits 0.
 */
export async function runFixtureProcess(name: FixtureName): Promise<void> {
  const running = await serve(name, await createFixtureSchema(name), Number(process.env.PORT ?? 0));
  console.log(JSON.stringify({ level: 30, time: Date.now(), name, msg: "fixture subgraph ready", url: running.url }));
  const shutdown = () => {
    console.log(JSON.stringify({ level: 30, time: Date.now(), name, msg: "stopping" }));
    void running.stop().then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

/** Composes a registry that must compose; fails the test with the errors otherwise. */
export async function composeOrThrow(registry: SubgraphEntry[]): Promise<string> {
  const result = await composeSupergraph(registry);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.supergraphSdl;
}

async function serve(name: string, schema: GraphQLSchema, port = 0): Promise<FixtureSubgraph> {
  const logger = createLogger(name, "silent");
  const apollo = new ApolloServer({ schema, formatError: createErrorFormatter({ production: false }), logger });
  await apollo.start();
  const server = createGraphQLHttpServer({
    apollo,
    logger,
    context: async () => ({}),
    routes: [
      (request, response) => {
        if (request.url !== "/health") return false;
        sendJson(response, 200, { status: "ok", pid: process.pid });
        return true;
      },
    ],
  });
  const bound = await listen(server, port, "127.0.0.1");
  return {
    name,
    url: `http://127.0.0.1:${bound}/graphql`,
    async stop() {
      await close(server);
      await apollo.stop();
    },
  };
}
