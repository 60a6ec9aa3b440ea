import { randomUUID } from "node:crypto";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { close, createGraphQLHttpServer, listen } from "@platform/http";
import { createLogger } from "@platform/logging";
import { startGateway, type RunningGateway } from "../../../gateway/src/server";
import { supergraphHash } from "../../../gateway/src/supergraph";
import { postGraphQL } from "../../support/graphqlClient";
import { composeOrThrow } from "../../gateway/support/fixtureSubgraphs";
import { eventually } from "../../gateway/support/captureLogs";
import { testGatewayConfig } from "../../gateway/support/gatewayConfig";

/**
 * The response cache and the entity cache are keyed by the serving supergraph's hash: a field
 * renamed in a new supergraph, picked up by the gateway's own file watching, is never answered
 * from what the old schema cached. On Redis when TEST_REDIS_URL is set (under a key prefix of
 * the test's own), in memory otherwise.
 */

/** v1 calls the field `name`; v2 renames it `title`. The subgraph (deployed with both) answers either, PUBLIC for 60 s. */
const SDL = (field: "name" | "title") => `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { products: [Product!]! }
  type Product @key(fields: "id") { id: ID! ${field}: String }
`;
const PRODUCTS = [{ id: "p1", name: "Kettle", title: "Kettle" }];

describe("cache versioned by supergraph", () => {
  let directory: string;
  let supergraphPath: string;
  let subgraph: { url: string; stop(): Promise<void> };
  let gateway: RunningGateway;
  let v1: string;
  let v2: string;
  let subgraphCalls = 0;

  beforeAll(async () => {
    subgraph = await serveProducts(() => subgraphCalls++);
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-versioning-"));
    const sdlFile = (version: string, field: "name" | "title") => {
      const file = path.join(directory, `products-${version}.graphql`);
      writeFileSync(file, SDL(field));
      return file;
    };
    [v1, v2] = await Promise.all([
      composeOrThrow([{ name: "products", url: subgraph.url, sdl: sdlFile("v1", "name") }]),
      composeOrThrow([{ name: "products", url: subgraph.url, sdl: sdlFile("v2", "title") }]),
    ]);
    supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, v1);
    const cache = { enabled: true, redisUrl: process.env.TEST_REDIS_URL, keyPrefix: `gw-test-${randomUUID()}:` };
    gateway = await startGateway(testGatewayConfig({ supergraphPath, cache }), { supergraphDebounceMs: 20 });
  });

  afterAll(async () => {
    await gateway?.stop();
    await subgraph?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  async function servingHash(): Promise<string> {
    const response = await fetch(new URL("/health", gateway.url));
    return ((await response.json()) as { supergraph: { hash: string } }).supergraph.hash;
  }

  const OLD_QUERY = "{ products { id name } }";

  it("answers a repeated query from the cache under v1", async () => {
    expect(await servingHash()).toBe(supergraphHash(v1));
    const first = await postGraphQL(gateway.url, OLD_QUERY);
    expect(first.body).toEqual({ data: { products: [{ id: "p1", name: "Kettle" }] } });
    const callsAfterFirst = subgraphCalls;
    const second = await postGraphQL(gateway.url, OLD_QUERY);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("age")).not.toBeNull(); // answered by the response cache
    expect(subgraphCalls).toBe(callsAfterFirst);
  });

  it("after the file is replaced with v2 (name renamed title), refuses the old query instead of answering it from the cache", async () => {
    const temporary = `${supergraphPath}.tmp`;
    writeFileSync(temporary, v2);
    renameSync(temporary, supergraphPath); // as `npm run compose` writes it
    await eventually(async () => ((await servingHash()) === supergraphHash(v2) ? true : undefined), 5000, "v2 to be served");

    const old = await postGraphQL(gateway.url, OLD_QUERY);
    expect(old.headers.get("age")).toBeNull();
    expect(old.status).toBe(400);
    expect(old.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(old.body.errors?.[0]?.message).toMatch(/Cannot query field "name"/);

    const renamed = await postGraphQL(gateway.url, "{ products { id title } }");
    expect(renamed.body).toEqual({ data: { products: [{ id: "p1", title: "Kettle" }] } });
  });

  it("caches under v2 too, and, v1 served again, answers v1's query as v1 does and refuses v2's", async () => {
    const cached = await postGraphQL(gateway.url, "{ products { id title } }");
    expect(cached.headers.get("age")).not.toBeNull();

    writeFileSync(`${supergraphPath}.tmp`, v1);
    renameSync(`${supergraphPath}.tmp`, supergraphPath);
    await eventually(async () => ((await servingHash()) === supergraphHash(v1) ? true : undefined), 5000, "v1 to be served again");
    // Back on v1, v1's entries are valid again: they were written by v1's schema.
    const back = await postGraphQL(gateway.url, OLD_QUERY);
    expect(back.body).toEqual({ data: { products: [{ id: "p1", name: "Kettle" }] } });
    expect((await postGraphQL(gateway.url, "{ products { id title } }")).status).toBe(400);
  });
});

async function serveProducts(onCall: () => void): Promise<{ url: string; stop(): Promise<void> }> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Query { products: [Product!]! }
      type Product @key(fields: "id") { id: ID! name: String title: String }
    `),
    resolvers: { Query: { products: () => (onCall(), PRODUCTS) } },
  });
  const logger = createLogger("products", "silent");
  const apollo = new ApolloServer({ schema, logger, plugins: [ApolloServerPluginCacheControl({ defaultMaxAge: 60 })] });
  await apollo.start();
  const server = createGraphQLHttpServer({ apollo, logger, context: async () => ({}) });
  const port = await listen(server, 0, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await close(server);
      await apollo.stop();
    },
  };
}
