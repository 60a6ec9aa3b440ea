import { createHash } from "node:crypto";
import type { Server } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import { close, createGraphQLHttpServer, listen } from "@platform/http";
import { createLogger } from "@platform/logging";
import { createGatewayErrorFormatter } from "../errors";
import { operationLimitsInterceptor } from "./operationLimitsInterceptor";
import { operationLimitsPlugin } from "./operationLimitsPlugin";
import { PersistedOperations } from "./persistedOperations";
import { loadGatewayApiSchema } from "./testSupport/apiSchema";

/**
 * The interceptor and the plugin as the gateway runs them: the shared HTTP adapter in front of
 * Apollo Server over the gateway's API (no subgraphs here, so fields resolve to null), with the
 * gateway's production error formatter. Which request phases ran shows how far a refusal got.
 */
const LIMITS = { maxDepth: 4, maxAliases: 2, maxCost: 50, defaultListSize: 10, maxDocumentBytes: 200 };
const TRUSTED = `query Trusted { product(slug: "x") { name } }`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await loadGatewayApiSchema();
});

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function startServer(persisted?: PersistedOperations, { interceptor = true } = {}) {
  const seen = new Set<string>();
  const phases: ApolloServerPlugin = {
    async requestDidStart() {
      seen.add("apollo");
      return {
        async parsingDidStart() {
          seen.add("parsing");
        },
        async executionDidStart() {
          seen.add("execution");
        },
      };
    },
  };
  const apollo = new ApolloServer({
    schema,
    plugins: [operationLimitsPlugin({ limits: LIMITS, persisted }), phases],
    formatError: createGatewayErrorFormatter({ production: true }),
    includeStacktraceInErrorResponses: false,
    ...(persisted ? { persistedQueries: { cache: persisted.apqCache(), ttl: null } } : {}),
  });
  await apollo.start();
  const server: Server = createGraphQLHttpServer({
    apollo,
    logger: createLogger("limits-test", "silent"),
    context: async () => ({}),
    intercept: interceptor ? operationLimitsInterceptor({ maxDocumentBytes: LIMITS.maxDocumentBytes, persisted }) : undefined,
  });
  const url = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}/graphql`;
  return {
    seen,
    async post(body: Record<string, unknown>): Promise<Answer> {
      seen.clear();
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Answer["body"] };
    },
    async stop() {
      await close(server);
      await apollo.stop();
    },
  };
}

describe("operation limits", () => {
  let gateway: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    gateway = await startServer();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it("let an operation within every limit run", async () => {
    expect(await gateway.post({ query: `{ product(slug: "x") { name } }` })).toEqual({ status: 200, body: { data: { product: null } } });
    expect(gateway.seen.has("execution")).toBe(true);
  });

  it.each([
    ["depth", `{ categories { children { children { children { name } } } } }`, "GATEWAY_MAX_DEPTH", 5, 4, "Operation depth 5 exceeds the limit of 4 (GATEWAY_MAX_DEPTH)"],
    ["aliases", `{ a: product(slug: "a") { id } b: product(slug: "b") { id } c: product(slug: "c") { id } }`, "GATEWAY_MAX_ALIASES", 3, 2, "Operation aliases 3 exceeds the limit of 2 (GATEWAY_MAX_ALIASES)"],
    ["cost", `{ products(first: 20) { edges { node { name } } } }`, "GATEWAY_MAX_COST", 61, 50, "Operation cost 61 exceeds the limit of 50 (GATEWAY_MAX_COST)"],
  ])("refuse an operation over the %s limit with 400, naming it, before execution (not masked in production)", async (_, query, limit, actual, max, message) => {
    expect(await gateway.post({ query })).toEqual({
      status: 400,
      body: { errors: [{ message, extensions: { code: "OPERATION_LIMIT_EXCEEDED", limit, max, actual } }] },
    });
    expect(gateway.seen.has("parsing")).toBe(true);
    expect(gateway.seen.has("execution")).toBe(false);
  });

  it("cost a page size given as a variable with its value", async () => {
    const query = `query ($n: Int) { products(first: $n) { edges { node { name } } } }`;
    expect((await gateway.post({ query, variables: { n: 16 } })).status).toBe(200);
    const over = await gateway.post({ query, variables: { n: 17 } });
    expect({ status: over.status, extensions: over.body.errors?.[0]?.extensions }).toEqual({
      status: 400,
      extensions: { code: "OPERATION_LIMIT_EXCEEDED", limit: "GATEWAY_MAX_COST", max: 50, actual: 52 },
    });
  });

  it("measure an operation once per variables: repeated and interleaved requests get the same verdicts", async () => {
    const query = `query Page($n: Int) { products(first: $n) { edges { node { name } } } }`;
    const verdicts = [];
    for (const n of [16, 17, 16, 17, 17, 16]) verdicts.push((await gateway.post({ query, variables: { n } })).status);
    expect(verdicts).toEqual([200, 400, 200, 400, 400, 200]);
    const deep = `{ categories { children { children { children { name } } } } }`;
    expect([(await gateway.post({ query: deep })).status, (await gateway.post({ query: deep })).status]).toEqual([400, 400]);
  });

  it("refuse a document over the size limit before Apollo Server parses it", async () => {
    const query = `{ categories { name } } # ${"x".repeat(200)}`;
    const bytes = Buffer.byteLength(query);
    expect(await gateway.post({ query })).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: `Operation document size in bytes ${bytes} exceeds the limit of 200 (GATEWAY_MAX_DOCUMENT_BYTES)`,
            extensions: { code: "OPERATION_LIMIT_EXCEEDED", limit: "GATEWAY_MAX_DOCUMENT_BYTES", max: 200, actual: bytes },
          },
        ],
      },
    });
    expect(gateway.seen.size).toBe(0);
  });

  it("leave variables that do not fit the operation to execution's own 400", async () => {
    const response = await gateway.post({ query: `query ($n: Int) { products(first: $n) { totalCount } }`, variables: { n: "many" } });
    expect({ status: response.status, code: response.body.errors?.[0]?.extensions?.code }).toEqual({ status: 400, code: "BAD_USER_INPUT" });
  });
});

describe("persisted-operations-only mode", () => {
  let gateway: Awaited<ReturnType<typeof startServer>>;
  const refused = { code: "PERSISTED_QUERY_NOT_ALLOWED", limit: "GATEWAY_PERSISTED_OPERATIONS" };
  const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  beforeAll(async () => {
    gateway = await startServer(PersistedOperations.fromManifest([TRUSTED]));
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it("runs a trusted operation by its APQ hash alone, resolved from the manifest, and by its text", async () => {
    expect(await gateway.post({ extensions: apq(sha256(TRUSTED)) })).toEqual({ status: 200, body: { data: { product: null } } });
    expect(await gateway.post({ query: TRUSTED })).toEqual({ status: 200, body: { data: { product: null } } });
  });

  it("refuses any other text, its APQ registration, and an unknown hash with 400 before Apollo Server sees them", async () => {
    const other = `{ categories { slug } }`;
    for (const body of [{ query: other }, { query: other, extensions: apq(sha256(other)) }, { extensions: apq(sha256(other)) }]) {
      const response = await gateway.post(body);
      expect({ status: response.status, extensions: response.body.errors?.[0]?.extensions }).toEqual({ status: 400, extensions: refused });
      expect(gateway.seen.size).toBe(0);
    }
  });

  it("is enforced by the plugin too, for whatever reaches Apollo Server around the interceptor", async () => {
    const pluginOnly = await startServer(PersistedOperations.fromManifest([TRUSTED]), { interceptor: false });
    try {
      const other = `{ categories { slug } }`;
      expect((await pluginOnly.post({ query: TRUSTED })).status).toBe(200);
      for (const body of [{ query: other }, { query: other, extensions: apq(sha256(other)) }]) {
        const response = await pluginOnly.post(body);
        expect({ status: response.status, extensions: response.body.errors?.[0]?.extensions }).toEqual({ status: 400, extensions: refused });
        expect(pluginOnly.seen.has("execution")).toBe(false);
      }
      // The registration was refused before Apollo Server stores it: the hash is still unknown.
      const after = await pluginOnly.post({ extensions: apq(sha256(other)) });
      expect(after.body.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    } finally {
      await pluginOnly.stop();
    }
  });
});
