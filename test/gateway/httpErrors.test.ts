import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startGateway, type RunningGateway } from "../../gateway/src/server";
import { postGraphQL, withApiKey } from "../support/graphqlClient";
import { composeOrThrow, type FixtureSubgraphs, startFixtureSubgraphs } from "./support/fixtureSubgraphs";
import { testGatewayConfig } from "./support/gatewayConfig";

interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  search?: string;
}

const JSON_HEADERS = { "content-type": "application/json" };
const json = (payload: unknown): RawRequest => ({ headers: JSON_HEADERS, body: JSON.stringify(payload) });
const fragmentBomb = [
  "fragment F0 on Product { id name }",
  ...Array.from({ length: 30 }, (_, level) => `fragment F${level + 1} on Product { ...F${level} ...F${level} }`),
  "{ products { ...F30 } }",
].join("\n");

/**
 * Whatever a client sends, the gateway answers with a 4xx or a GraphQL error carrying
 * extensions.code: never a 500. The gateway runs as in production (errors masked, no
 * introspection) and reaches `products` through a SUBGRAPH_PRODUCTS_URL override, the
 * supergraph pointing at an address where nothing listens.
 */
describe("requests a client gets wrong (production gateway)", () => {
  let subgraphs: FixtureSubgraphs;
  let directory: string;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    directory = mkdtempSync(path.join(os.tmpdir(), "gateway-http-"));
    const supergraphPath = path.join(directory, "supergraph.graphql");
    writeFileSync(supergraphPath, await composeOrThrow(subgraphs.registry("v2", { products: "http://127.0.0.1:9/graphql" })));
    gateway = await startGateway(
      testGatewayConfig({ supergraphPath, production: true, nodeEnv: "production", subgraphUrlOverrides: { products: subgraphs.products.url } }),
    );
  });

  afterAll(async () => {
    await gateway?.stop();
    await subgraphs?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  async function send(request: RawRequest) {
    const response = await fetch(`${gateway.url}${request.search ?? ""}`, {
      method: request.method ?? "POST",
      headers: withApiKey(request.headers ?? {}),
      body: request.body,
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
  }

  it("answers a well-formed query across both subgraphs (the override is used)", async () => {
    const response = await postGraphQL(gateway.url, "{ products { id name inStock } }");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { products: [{ id: "p1", name: "Kettle", inStock: true }, { id: "p2", name: "Toaster", inStock: false }] },
    });
  });

  it.each<[string, number, string, RawRequest]>([
    ["malformed JSON", 400, "BAD_REQUEST", { headers: JSON_HEADERS, body: '{"query": "{ products { id } }"' }],
    ["an empty JSON body", 400, "BAD_REQUEST", { headers: JSON_HEADERS, body: "" }],
    ["a JSON array (batching is off)", 400, "BAD_REQUEST", json([{ query: "{ products { id } }" }])],
    ["a JSON string", 400, "BAD_REQUEST", json("{ products { id } }")],
    ["a JSON null", 400, "BAD_REQUEST", json(null)],
    ["no query", 400, "BAD_REQUEST", json({ variables: {} })],
    ["a query that is not a string", 400, "BAD_REQUEST", json({ query: 42 })],
    ["variables as a string", 400, "BAD_REQUEST", json({ query: "{ products { id } }", variables: "{}" })],
    ["text/plain (CSRF prevention)", 400, "BAD_REQUEST", { headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: "{ products { id } }" }) }],
    ["form-encoded (CSRF prevention)", 400, "BAD_REQUEST", { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "query=%7Bproducts%7Bid%7D%7D" }],
    ["no content type", 400, "BAD_REQUEST", { body: new TextEncoder().encode(JSON.stringify({ query: "{ products { id } }" })) }],
    ["a GET without a preflight header (CSRF prevention)", 400, "BAD_REQUEST", { method: "GET", search: "?query=%7Bproducts%7Bid%7D%7D" }],
    ["a GET with invalid variables JSON", 400, "BAD_REQUEST", { method: "GET", headers: { "apollo-require-preflight": "1" }, search: "?query=%7Bproducts%7Bid%7D%7D&variables=%7B" }],
    ["a GET mutation", 400, "GRAPHQL_VALIDATION_FAILED", { method: "GET", headers: { "apollo-require-preflight": "1" }, search: "?query=mutation%7Bx%7D" }],
    ["PUT", 405, "BAD_REQUEST", { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ query: "{ products { id } }" }) }],
    ["a syntax error", 400, "GRAPHQL_PARSE_FAILED", json({ query: "{ products { id " })],
    ["an unknown field", 400, "GRAPHQL_VALIDATION_FAILED", json({ query: "{ products { sku } }" })],
    ["a missing required argument", 400, "GRAPHQL_VALIDATION_FAILED", json({ query: "{ product { id } }" })],
    ["a mutation on a graph without mutations", 400, "GRAPHQL_VALIDATION_FAILED", json({ query: "mutation { addProduct }" })],
    ["a subscription", 400, "GRAPHQL_VALIDATION_FAILED", json({ query: "subscription { products { id } }" })],
    ["introspection in production", 400, "GRAPHQL_VALIDATION_FAILED", json({ query: "{ __schema { types { name } } }" })],
    ["a fragment bomb", 400, "GRAPHQL_VALIDATION_FAILED", json({ query: fragmentBomb })],
    ["an unknown operation name", 400, "OPERATION_RESOLUTION_FAILURE", json({ query: "query A { products { id } }", operationName: "B" })],
    ["two operations and no name", 400, "OPERATION_RESOLUTION_FAILURE", json({ query: "query A { products { id } } query B { products { name } }" })],
    ["a variable of the wrong type", 400, "BAD_USER_INPUT", json({ query: "query ($n: Int) { products(first: $n) { id } }", variables: { n: "two" } })],
    ["a missing required variable", 400, "BAD_USER_INPUT", json({ query: "query ($id: ID!) { product(id: $id) { id } }", variables: {} })],
    ["a null required variable", 400, "BAD_USER_INPUT", json({ query: "query ($id: ID!) { product(id: $id) { id } }", variables: { id: null } })],
    ["an object where a scalar is expected", 400, "BAD_USER_INPUT", json({ query: "query ($id: ID!) { product(id: $id) { id } }", variables: { id: { $gt: "" } } })],
    ["a NUL character in a variable", 400, "BAD_USER_INPUT", json({ query: "query ($id: ID!) { product(id: $id) { id } }", variables: { id: "p1\u0000" } })],
    ["a NUL character in a string argument", 400, "BAD_USER_INPUT", json({ query: '{ product(id: "p1\\u0000") { id } }' })],
    ["a variable nested 100,000 deep", 400, "BAD_USER_INPUT", { headers: JSON_HEADERS, body: `{"query":"query ($id: ID!) { product(id: $id) { id } }","variables":{"id":${"[".repeat(100_000)}${"]".repeat(100_000)}}}` }],
    ["an APQ hash that does not match the query", 400, "BAD_REQUEST", json({ query: "{ products { id } }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } })],
    ["an unknown persisted query", 200, "PERSISTED_QUERY_NOT_FOUND", json({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } })],
  ])("%s: %d %s", async (_, status, code, request) => {
    const response = await send(request);
    expect({ status: response.status, codes: response.body.errors?.map((error) => error.extensions?.code) }).toEqual({
      status,
      codes: [code, ...(response.body.errors?.slice(1).map(() => expect.any(String)) ?? [])],
    });
  });

  it("masks an unexpected subgraph failure: no message, no stack trace, a code", async () => {
    const response = await postGraphQL(gateway.url, "{ failing products { id } }");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { failing: null, products: [{ id: "p1" }, { id: "p2" }] },
      errors: [{ message: "Internal server error", path: ["failing"], extensions: { code: "INTERNAL_SERVER_ERROR" } }],
    });
  });

  it("gives no field suggestions to a client that cannot introspect", async () => {
    const response = await postGraphQL(gateway.url, "{ products { nam } }");
    expect(response.body.errors?.[0]?.message).toBe('Cannot query field "nam" on type "Product".');
  });

  it("answers 404 with a JSON error off the GraphQL path", async () => {
    const response = await fetch(new URL("/graphq", gateway.url));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "NOT_FOUND" } }] });
  });

  it("answers 413 to a body over the limit", async () => {
    const response = await send(json({ query: `{ products { id } } # ${"x".repeat(1024 * 1024)}` }));
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.extensions?.code).toBe("PAYLOAD_TOO_LARGE");
  });
});
