import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { type GraphQLSchema, parse } from "graphql";
import { close, listen } from "@platform/http";
import { createLogger } from "@platform/logging";
import type { SubgraphEntry } from "@platform/registry";
import { composeOrThrow, createFixtureSchema, FIXTURES } from "./fixtureSubgraphs";

/**
 * What a controllable subgraph does with a request:
 * - `ok`: answers it (real GraphQL execution);
 * - `http503`: 503 Service Unavailable with a small JSON body;
 * - `hang`: never answers (until the client gives up or the fixture stops);
 * - `closeSocket`: destroys the connection without answering;
 * - `graphqlError`: 200 with `{ data: null, errors: [...] }`, as a subgraph whose resolvers all fail.
 */
export type FaultMode = "ok" | "http503" | "hang" | "closeSocket" | "graphqlError";

export interface ReceivedRequest {
  query: string;
  mode: FaultMode;
}

export interface ControllableSubgraph {
  name: string;
  url: string;
  /** What requests get from now on (`ok` at start). */
  setMode(mode: FaultMode): void;
  /** The next `count` requests get `mode`; then the current mode again. */
  failNext(count: number, mode: FaultMode): void;
  /** Every POST /graphql received, in order, with what it got. */
  readonly received: ReceivedRequest[];
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Requests whose client went away before an answer (an aborted `hang`). */
  readonly abandoned: number;
  /** Back to `ok`, counters to zero. */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * A subgraph over real HTTP on 127.0.0.1 whose behaviour a test switches at will, counting what
 * reaches it: requests (with their query, to tell a mutation from a query) and connections.
 */
export async function startControllableSubgraph(name: string, schema: GraphQLSchema): Promise<ControllableSubgraph> {
  const apollo = new ApolloServer({ schema, logger: createLogger(name, "silent") });
  await apollo.start();

  let mode: FaultMode = "ok";
  const upcoming: FaultMode[] = [];
  const received: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  let connections = 0;
  let abandoned = 0;

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => response.destroy());
  });
  server.on("connection", () => connections++);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query?: string }) : {};
    const current = upcoming.shift() ?? mode;
    received.push({ query: body.query ?? "", mode: current });

    switch (current) {
      case "http503":
        return json(response, 503, { errors: [{ message: "Service Unavailable" }] });
      case "graphqlError":
        return json(response, 200, { data: null, errors: [{ message: `${name} failed to resolve`, extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      case "closeSocket":
        request.socket.destroy();
        return;
      case "hang":
        hanging.add(response);
        response.on("close", () => {
          if (hanging.delete(response) && !response.writableFinished) abandoned++;
        });
        return;
      case "ok": {
        const headers = new HeaderMap();
        for (const [key, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(key, value);
        const result = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: request.method ?? "POST", headers, search: "", body },
          context: async () => ({}),
        });
        response.statusCode = result.status ?? 200;
        for (const [key, value] of result.headers) response.setHeader(key, value);
        response.end(result.body.kind === "complete" ? result.body.string : "");
      }
    }
  }

  const port = await listen(server, 0, "127.0.0.1");
  return {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    setMode: (next) => {
      mode = next;
    },
    failNext: (count, failure) => upcoming.push(...Array.from({ length: count }, () => failure)),
    received,
    get connections() {
      return connections;
    },
    get abandoned() {
      return abandoned;
    },
    reset() {
      mode = "ok";
      upcoming.length = 0;
      received.length = 0;
      connections = 0;
      abandoned = 0;
    },
    async stop() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await close(server);
      await apollo.stop();
    },
  };
}

function json(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
}

/** Units on hand per product in the `stock` fixture. */
export const STOCKROOM: Record<string, number> = { p1: 3, p2: 0 };

/** Which products each warehouse of the `stock` fixture holds. */
export const WAREHOUSES = [
  { id: "w1", products: [{ id: "p2" }] },
  { id: "w2", products: [{ id: "p1" }, { id: "p2" }] },
];

export interface FaultFixtures {
  /** The products fixture (Query.products, Product.name), healthy unless a test says otherwise. */
  products: ControllableSubgraph;
  /** Contributes Product.inStock, Query.stockLevel and Mutation.reserve: the one tests break. */
  stock: ControllableSubgraph;
  registry: SubgraphEntry[];
  supergraphSdl: string;
  reset(): void;
  stop(): Promise<void>;
}

/** Both controllable subgraphs and their composed supergraph. */
export async function startFaultFixtures(): Promise<FaultFixtures> {
  const stockSdl = path.join(FIXTURES, "stockroom.graphql");
  const stockSchema = buildSubgraphSchema({
    typeDefs: parse(readFileSync(stockSdl, "utf8")),
    resolvers: {
      Query: {
        stockLevel: (_: unknown, { productId }: { productId: string }) => STOCKROOM[productId] ?? null,
        warehouses: () => WAREHOUSES,
      },
      Mutation: { reserve: (_: unknown, { productId, quantity }: { productId: string; quantity: number }) => (STOCKROOM[productId] ?? 0) - quantity },
      Product: { __resolveReference: ({ id }: { id: string }) => ({ id, inStock: (STOCKROOM[id] ?? 0) > 0 }) },
    },
  });
  const products = await startControllableSubgraph("products", await createFixtureSchema("products"));
  const stock = await startControllableSubgraph("stock", stockSchema);
  const registry: SubgraphEntry[] = [
    { name: "products", url: products.url, sdl: path.join(FIXTURES, "products-v2.graphql") },
    { name: "stock", url: stock.url, sdl: stockSdl },
  ];
  return {
    products,
    stock,
    registry,
    supergraphSdl: await composeOrThrow(registry),
    reset() {
      products.reset();
      stock.reset();
    },
    async stop() {
      await Promise.all([products.stop(), stock.stop()]);
    },
  };
}
