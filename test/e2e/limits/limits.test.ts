import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_OPERATION_LIMITS } from "../../../gateway/src/limits";
import { demoDataset } from "../../../prisma/seed";
import { type CommerceStack, startCommerceStack } from "../../support/commerceStack";
import { withApiKey } from "../../support/graphqlClient";

/**
 * Operation limits and production mode against the real gateway and subgraphs. The stack's own
 * gateway runs the default limits (a normal storefront query passes them); a second gateway runs
 * as in production, in persisted-operations-only mode over a trusted manifest, with a smaller
 * body limit. Every refusal is a 400 naming its limit, and reaches no subgraph.
 */
const dataset = demoDataset();
const slug = dataset.products[0]!.slug;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const PRODUCT_PAGE = `query ProductPage($slug: String!) { product(slug: $slug) { name variants { sku price { amount currencyCode } } } }`;
const INTROSPECTION = `query Introspect { __schema { queryType { name } } }`;
/** 13 levels: one more than the default GATEWAY_MAX_DEPTH of 12. */
const DEEP = `query Deep { categories { ${"children { ".repeat(11)}name${" }".repeat(11)} } }`;
const BODY_LIMIT_BYTES = 64 * 1024;

let stack: CommerceStack;
let production: Awaited<ReturnType<CommerceStack["addGateway"]>>;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), "limits-e2e-"));
  const manifest = path.join(directory, "persisted-operations.json");
  writeFileSync(manifest, JSON.stringify(Object.fromEntries([PRODUCT_PAGE, INTROSPECTION, DEEP].map((body) => [sha256(body), body]))));
  stack = await startCommerceStack();
  production = await stack.addGateway(
    { enabled: false, redisUrl: undefined },
    {
      production: true,
      nodeEnv: "production",
      limits: { ...DEFAULT_OPERATION_LIMITS, persistedOperationsPath: manifest, bodyLimitBytes: BODY_LIMIT_BYTES },
    },
  );
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** The SQL statements catalog ran while `action` did: none for a request refused at the gateway. */
async function catalogStatements<T>(action: () => Promise<T>) {
  return stack.catalog.countStatements(action);
}

describe("operation limits (default settings)", () => {
  it("let a storefront query through", async () => {
    const { result, statements } = await catalogStatements(() => stack.query(PRODUCT_PAGE, { slug }));
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.product.variants.length).toBeGreaterThan(0);
    expect(statements).toBeGreaterThan(0);
  });

  it.each([
    ["depth", DEEP, "GATEWAY_MAX_DEPTH", "Operation depth 13 exceeds the limit of 12 (GATEWAY_MAX_DEPTH)"],
    [
      "aliases",
      `{ ${Array.from({ length: 31 }, (_, index) => `p${index}: product(slug: "${slug}") { name }`).join(" ")} }`,
      "GATEWAY_MAX_ALIASES",
      "Operation aliases 31 exceeds the limit of 30 (GATEWAY_MAX_ALIASES)",
    ],
    [
      "cost",
      // variants 1 + 10 x (prices 11 + stockLevels 11), node 222, edges 223, products 1 + 100 x 223
      `{ products(first: 100) { edges { node { variants { prices { channel } stockLevels { onHand } } } } } }`,
      "GATEWAY_MAX_COST",
      "Operation cost 22301 exceeds the limit of 20000 (GATEWAY_MAX_COST)",
    ],
    [
      "document size",
      `{ categories { name } } # ${"x".repeat(DEFAULT_OPERATION_LIMITS.maxDocumentBytes)}`,
      "GATEWAY_MAX_DOCUMENT_BYTES",
      `Operation document size in bytes ${DEFAULT_OPERATION_LIMITS.maxDocumentBytes + 26} exceeds the limit of ${DEFAULT_OPERATION_LIMITS.maxDocumentBytes} (GATEWAY_MAX_DOCUMENT_BYTES)`,
    ],
  ])("refuse an operation over the %s limit with 400, naming it, before any subgraph is called", async (_, query, limit, message) => {
    const { result, statements } = await catalogStatements(() => stack.query(query));
    expect({ status: result.status, errors: result.body.errors }).toEqual({
      status: 400,
      errors: [{ message, extensions: expect.objectContaining({ code: "OPERATION_LIMIT_EXCEEDED", limit }) }],
    });
    expect(statements).toBe(0);
  });
});

describe("production mode, persisted operations only", () => {
  const json = { "content-type": "application/json" };
  const send = async (init: RequestInit & { search?: string }) => {
    const response = await fetch(`${production.url}${init.search ?? ""}`, { method: "POST", ...init, headers: withApiKey((init.headers ?? {}) as Record<string, string>) });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };
  const byHash = (query: string, variables: Record<string, unknown> = {}) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });

  it("runs a trusted operation sent by its hash alone", async () => {
    const response = await send({ headers: json, body: JSON.stringify(byHash(PRODUCT_PAGE, { slug })) });
    expect(response.status).toBe(200);
    expect(response.body.data.product.variants.length).toBeGreaterThan(0);
  });

  it("refuses any other query, its APQ registration and an unknown hash with 400 PERSISTED_QUERY_NOT_ALLOWED", async () => {
    const other = `{ categories { name } }`;
    for (const body of [{ query: other }, { query: other, ...byHash(other) }, byHash(other)]) {
      const { result, statements } = await catalogStatements(() => send({ headers: json, body: JSON.stringify(body) }));
      expect({ status: result.status, code: result.body.errors?.[0]?.extensions?.code }).toEqual({ status: 400, code: "PERSISTED_QUERY_NOT_ALLOWED" });
      expect(statements).toBe(0);
    }
  });

  it("still holds a trusted operation to the limits, and does not mask the refusal", async () => {
    const response = await send({ headers: json, body: JSON.stringify(byHash(DEEP)) });
    expect(response).toEqual({
      status: 400,
      body: { errors: [{ message: "Operation depth 13 exceeds the limit of 12 (GATEWAY_MAX_DEPTH)", extensions: { code: "OPERATION_LIMIT_EXCEEDED", limit: "GATEWAY_MAX_DEPTH", max: 12, actual: 13 } }] },
    });
  });

  it("has introspection off, and sends no stack traces (which a development gateway does)", async () => {
    const response = await send({ headers: json, body: JSON.stringify(byHash(INTROSPECTION)) });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED", validationErrorCode: "INTROSPECTION_DISABLED" });

    const development = await stack.query(DEEP);
    expect(development.body.errors?.[0]?.extensions?.stacktrace).toEqual(expect.any(Array));
  });

  it.each([
    ["a POST as text/plain", { headers: { "content-type": "text/plain" }, body: JSON.stringify(byHash(PRODUCT_PAGE, { slug })) }],
    ["a POST as a form", { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=b" }],
    ["a GET without a preflight header", { method: "GET", search: `?extensions=${encodeURIComponent(JSON.stringify(byHash(PRODUCT_PAGE).extensions))}&variables=${encodeURIComponent(JSON.stringify({ slug }))}` }],
  ])("refuses %s as a possible cross-site request forgery (400)", async (_, init) => {
    const response = await send(init);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
  });

  it("answers a GET that carries a preflight header", async () => {
    const search = `?extensions=${encodeURIComponent(JSON.stringify(byHash(PRODUCT_PAGE).extensions))}&variables=${encodeURIComponent(JSON.stringify({ slug }))}`;
    const response = await send({ method: "GET", search, headers: { "apollo-require-preflight": "true" } });
    expect(response.status).toBe(200);
    expect(response.body.data.product.name).toEqual(expect.any(String));
  });

  it("answers 413 to a body over GATEWAY_BODY_LIMIT_BYTES", async () => {
    const response = await send({ headers: json, body: JSON.stringify({ ...byHash(PRODUCT_PAGE, { slug }), padding: "x".repeat(BODY_LIMIT_BYTES) }) });
    expect({ status: response.status, code: response.body.errors?.[0]?.extensions?.code }).toEqual({ status: 413, code: "PAYLOAD_TOO_LARGE" });
  });
});
