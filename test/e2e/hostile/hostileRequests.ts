import { parse } from "graphql";
import { SignJWT } from "jose";
import { DEVELOPMENT_TOKENS, issueDevelopmentToken } from "../../../gateway/src/auth";
import { DEFAULT_OPERATION_LIMITS } from "../../../gateway/src/limits";
import { demoDataset } from "../../../prisma/seed";
import { DEV_API_KEYS } from "../../support/callers";
import { Random } from "./random";

/**
 * Hostile requests for the gateway, generated from a seed: malformed JSON, wrong content types
 * and methods, invalid GraphQL, operations over every limit, wrong variables, oversized bodies,
 * bad credentials, batches, bad GET query strings... each with what a clear answer to it is.
 * A few valid requests are mixed in: they must still succeed.
 */

export type Category =
  | "malformed-json"
  | "wrong-body-fields"
  | "http-protocol"
  | "invalid-syntax"
  | "validation"
  | "depth"
  | "alias-bomb"
  | "fragment-bomb"
  | "huge-list"
  | "wrong-variable-types"
  | "oversized-body"
  | "overlong-strings"
  | "unicode"
  | "auth"
  | "batch"
  | "get-query-string"
  | "persisted-query"
  | "header-bomb"
  | "valid";

/** What a clear answer is. Codes are `errors[*].extensions.code`. */
export type Expectation =
  /** 200, `data` not null, no errors. */
  | { kind: "success" }
  /** A refusal: one of these statuses, every error with a message and one of these codes. */
  | { kind: "refused"; status: readonly number[]; codes: readonly string[] }
  /** Not a 5xx, JSON: a 200 with data (errors, if any, with one of these codes), or a refusal with one of them. */
  | { kind: "answered"; codes: readonly string[] }
  /** A HEAD: the status alone (HTTP forbids a body). */
  | { kind: "status-only"; status: readonly number[] };

export interface HostileRequest {
  index: number;
  category: Category;
  /** What it is, for a failure report. */
  label: string;
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string | string[]>;
  /** A string or bytes; several chunks are sent with chunked transfer encoding. */
  body?: string | Buffer | Buffer[];
  expect: Expectation;
}

export const C = {
  BAD_REQUEST: "BAD_REQUEST",
  PARSE: "GRAPHQL_PARSE_FAILED",
  VALIDATION: "GRAPHQL_VALIDATION_FAILED",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  LIMIT: "OPERATION_LIMIT_EXCEEDED",
  RESOLUTION: "OPERATION_RESOLUTION_FAILURE",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
  NOT_FOUND: "NOT_FOUND",
  PQ_NOT_FOUND: "PERSISTED_QUERY_NOT_FOUND",
} as const;

/** Every code a hostile request may be answered with (rate limiting is off for this suite). */
export const ALLOWED_CODES: readonly string[] = Object.values(C);

/** What a subgraph may say about well-formed but unlikely arguments (an overlong slug, a stranger's customer id). */
const DOMAIN_CODES = [C.BAD_USER_INPUT, C.NOT_FOUND, C.FORBIDDEN, C.UNAUTHENTICATED];

const LIMITS = DEFAULT_OPERATION_LIMITS;
const dataset = demoDataset();
const slugs = dataset.products.map((product) => product.slug);
const skus = dataset.products.flatMap((product) => product.variants.map((variant) => variant.sku));
const storeIds = dataset.stores.map((store) => store.id);

const JSON_TYPE = "application/json";
const BASE_HEADERS = { "content-type": JSON_TYPE, accept: JSON_TYPE, "user-agent": "hostile-e2e/1.0", "x-api-key": DEV_API_KEYS.web };

const PRODUCT = `query Product($slug: String!) { product(slug: $slug) { id name variants { sku } } }`;
const PRODUCTS = `query Products($first: Int) { products(first: $first) { totalCount edges { node { name } } } }`;

type Draft = Omit<HostileRequest, "index" | "category">;

function post(label: string, body: unknown, expect: Expectation, headers: Record<string, string | string[]> = {}): Draft {
  return { label, method: "POST", path: "/graphql", headers: { ...BASE_HEADERS, ...headers }, body: JSON.stringify(body), expect };
}

function postRaw(label: string, body: string | Buffer | Buffer[], expect: Expectation, headers: Record<string, string | string[]> = {}): Draft {
  return { label, method: "POST", path: "/graphql", headers: { ...BASE_HEADERS, ...headers }, body, expect };
}

function get(label: string, search: string, expect: Expectation, headers: Record<string, string> = {}): Draft {
  const { "content-type": _json, ...rest } = BASE_HEADERS;
  return { label, method: "GET", path: `/graphql${search}`, headers: { ...rest, "apollo-require-preflight": "true", ...headers }, expect };
}

const refused = (status: number | readonly number[], ...codes: string[]): Expectation => ({ kind: "refused", status: typeof status === "number" ? [status] : status, codes });
const answered = (...codes: string[]): Expectation => ({ kind: "answered", codes });
const SUCCESS: Expectation = { kind: "success" };

function parses(document: string): boolean {
  try {
    parse(document);
    return true;
  } catch {
    return false;
  }
}

/** `count` drafts from `make`, each given its own draw of the generator. */
function times(count: number, make: (index: number) => Draft): Draft[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

// ---------------------------------------------------------------- malformed JSON

function malformedJson(random: Random): Draft[] {
  const valid = JSON.stringify({ query: PRODUCT, variables: { slug: slugs[0] } });
  const bad = refused(400, C.BAD_REQUEST);
  const drafts: Draft[] = [];
  drafts.push(...times(150, () => postRaw("truncated JSON", valid.slice(0, random.int(1, valid.length - 1)), bad)));
  // Random bytes: invalid JSON, or (rarely) JSON that is not a request: a 400 either way.
  drafts.push(...times(150, () => postRaw("random bytes as JSON", random.bytes(random.int(1, 2048)), bad)));
  const oddities = [
    "{'query': '{ __typename }'}",
    '{"query": "{ __typename }",}',
    '{query: "{ __typename }"}',
    '{"query": "{ __typename }" /* comment */}',
    '{"query": NaN}',
    '{"query": undefined}',
    '\uFEFF{"query": "{ __typename }"}',
    '{"query": "{ __typename }"}}',
    '{"query": "{ __typename }"} {"query": "{ __typename }"}',
    '{"query": "\\x41"}',
    '{"query": "tab\there"}',
    "[",
    "{",
    '"',
    "nul",
    "-",
    "1e",
    "{}",
    "null",
    "true",
    "0",
    "-1e999",
    '"{ __typename }"',
    "[[[[[[[[[[",
    "]]]]",
    "{{}}",
  ];
  drafts.push(...times(80, (index) => postRaw(`JSON oddity ${JSON.stringify(oddities[index % oddities.length])}`, oddities[index % oddities.length]!, bad)));
  // Invalid UTF-8: in the JSON's structure (not JSON), in the document outside strings (not GraphQL), inside a string argument (a slug nobody has).
  const invalidSequences = [[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc3]];
  drafts.push(
    ...times(90, (index) => {
      const invalid = Buffer.from(invalidSequences[index % invalidSequences.length]!);
      switch (index % 3) {
        case 0:
          return postRaw("invalid UTF-8 in the JSON structure", Buffer.concat([Buffer.from('{"query":'), invalid, Buffer.from('"{ __typename }"}')]), bad);
        case 1:
          return postRaw("invalid UTF-8 in the document", Buffer.concat([Buffer.from('{"query":"{ '), invalid, Buffer.from(' __typename }"}')]), refused(400, C.PARSE));
        default:
          return postRaw(
            "invalid UTF-8 in a string argument",
            Buffer.concat([Buffer.from('{"query":"{ product(slug: \\"'), invalid, Buffer.from('\\") { name } }"}')]),
            answered(...DOMAIN_CODES),
          );
      }
    }),
  );
  // Deeply nested JSON: in the body, in extensions and in variables (declared or not).
  drafts.push(
    ...times(40, (index) => {
      const depth = random.pick([1_000, 10_000, 100_000]);
      const nested = `${"[".repeat(depth)}${"]".repeat(depth)}`;
      switch (index % 4) {
        case 0:
          return postRaw(`JSON nested ${depth} deep as the body`, nested, bad);
        case 1:
          return postRaw(`JSON nested ${depth} deep in an undeclared variable`, `{"query":"{ __typename }","variables":{"deep":${nested}}}`, answered());
        case 2:
          return postRaw(`JSON nested ${depth} deep in a declared variable`, `{"query":${JSON.stringify(PRODUCT)},"variables":{"slug":${nested}}}`, refused(400, C.BAD_USER_INPUT));
        default:
          return postRaw(`JSON nested ${depth} deep in extensions`, `{"query":"{ __typename }","extensions":{"deep":${nested}}}`, answered(C.BAD_REQUEST));
      }
    }),
  );
  // Huge numbers where an Int goes.
  const numbers = ["1e999", "-1e999", "123456789012345678901234567890", "2147483648", "-2147483649", "1.0000000000000002", "4.9e-324", "9007199254740993", "1e308"];
  drafts.push(
    ...times(45, (index) => postRaw(`huge number ${numbers[index % numbers.length]} for an Int`, `{"query":${JSON.stringify(PRODUCTS)},"variables":{"first":${numbers[index % numbers.length]}}}`, refused(400, C.BAD_USER_INPUT))),
  );
  return drafts;
}

// ---------------------------------------------------------------- well-formed JSON, wrong fields

function wrongBodyFields(random: Random): Draft[] {
  const bad = refused(400, C.BAD_REQUEST);
  const wrong = [5, -1, true, [], ["{ __typename }"], {}, { kind: "Document", definitions: [] }, "", null];
  const cases: [string, Record<string, unknown>, Expectation][] = [
    ...wrong.map((value): [string, Record<string, unknown>, Expectation] => [`query: ${JSON.stringify(value)}`, { query: value }, bad]),
    ...[5, true, [], "{}", '{"slug":"x"}'].map((value): [string, Record<string, unknown>, Expectation] => [`variables: ${JSON.stringify(value)}`, { query: PRODUCT, variables: value }, bad]),
    ...[5, true, [], "{}"].map((value): [string, Record<string, unknown>, Expectation] => [`extensions: ${JSON.stringify(value)}`, { query: "{ __typename }", extensions: value }, bad]),
    ...[5, true, [], {}].map((value): [string, Record<string, unknown>, Expectation] => [`operationName: ${JSON.stringify(value)}`, { query: "{ __typename }", operationName: value }, bad]),
    ["no query", { variables: {} }, bad],
    ["unknown fields only", { foo: 1, bar: "baz" }, bad],
    ["operationName naming no operation", { query: "query A { __typename }", operationName: "B" }, refused(400, C.RESOLUTION)],
    ["two operations, no operationName", { query: "query A { __typename } query B { __typename }" }, refused(400, C.RESOLUTION)],
  ];
  return times(220, (index) => {
    const [label, body, expect] = cases[index % cases.length]!;
    const extra = random.chance(0.3) ? { [random.word()]: random.word() } : {};
    return post(label, { ...extra, ...body }, expect);
  });
}

// ---------------------------------------------------------------- content types, methods, paths, CSRF

function httpProtocol(random: Random): Draft[] {
  const body = JSON.stringify({ query: "{ __typename }" });
  const drafts: Draft[] = [];
  const simpleTypes = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain; charset=utf-8"];
  // CSRF: a simple content type without a preflight header is refused before anything runs.
  drafts.push(...times(60, (index) => postRaw(`CSRF: ${simpleTypes[index % simpleTypes.length]} without preflight`, body, refused(400, C.BAD_REQUEST), { "content-type": simpleTypes[index % simpleTypes.length]! })));
  // Not JSON, with a preflight header: the body is not a GraphQL request.
  const otherTypes = [...simpleTypes, "application/graphql", "text/html", "application/xml", "application/jsonx", "image/png", "*/*", ";;;", "application/"];
  drafts.push(
    ...times(70, (index) =>
      postRaw(`content type ${otherTypes[index % otherTypes.length]} with preflight`, index % 2 ? body : "{ __typename }", refused(400, C.BAD_REQUEST), {
        "content-type": otherTypes[index % otherTypes.length]!,
        "apollo-require-preflight": "true",
      }),
    ),
  );
  // No content type at all.
  drafts.push(
    ...times(20, (index) => {
      const { "content-type": _json, ...headers } = BASE_HEADERS;
      return { label: "POST without a content type", method: "POST", path: "/graphql", headers: index % 2 ? headers : { ...headers, "x-apollo-operation-name": "A" }, body, expect: refused(400, C.BAD_REQUEST) };
    }),
  );
  // JSON content types that are JSON after all: answered.
  const jsonTypes = ["APPLICATION/JSON", "application/json; charset=utf-8", "application/json; charset=latin1", "application/graphql-response+json", "application/json;;;"];
  drafts.push(...times(20, (index) => postRaw(`content type ${jsonTypes[index % jsonTypes.length]}`, body, answered(C.BAD_REQUEST), { "content-type": jsonTypes[index % jsonTypes.length]! })));
  // Methods Apollo Server does not serve.
  for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
    drafts.push(...times(12, () => ({ label: `${method} /graphql`, method, path: "/graphql", headers: { ...BASE_HEADERS }, body, expect: refused([400, 405], C.BAD_REQUEST) })));
  }
  drafts.push(...times(10, () => ({ label: "HEAD /graphql", method: "HEAD", path: "/graphql", headers: { ...BASE_HEADERS }, expect: { kind: "status-only", status: [400, 404, 405] } })));
  // Paths off the endpoint.
  const paths = ["/", "/graphql/", "/GraphQL", "/graphql/x", "/graphql.json", "/api/graphql", "/%00", "/..%2f..%2fetc%2fpasswd", "/graphql%2f", `/${"a".repeat(4000)}`, "/health/../admin", "/graphql;x"];
  drafts.push(...times(48, (index) => ({ label: `POST ${paths[index % paths.length]!.slice(0, 40)}`, method: "POST", path: paths[index % paths.length]!, headers: { ...BASE_HEADERS }, body, expect: refused(404, C.NOT_FOUND) })));
  // Accept headers that rule out JSON.
  const accepts = ["text/html", "image/png", "application/xml", "text/plain;q=1, application/json;q=0"];
  drafts.push(...times(20, (index) => postRaw(`accept ${accepts[index % accepts.length]}`, body, refused(406, C.BAD_REQUEST), { accept: accepts[index % accepts.length]! })));
  // Bodies sent in many small chunks, and compressed bodies the server does not decompress.
  drafts.push(
    ...times(20, () => {
      const bytes = Buffer.from(JSON.stringify({ query: PRODUCT, variables: { slug: random.pick(slugs) } }));
      const chunks: Buffer[] = [];
      for (let offset = 0; offset < bytes.length; ) {
        const size = random.int(1, 16);
        chunks.push(bytes.subarray(offset, offset + size));
        offset += size;
      }
      return postRaw("valid request in 1-16 byte chunks", chunks, SUCCESS);
    }),
  );
  drafts.push(...times(10, () => postRaw("gzip content-encoding on an uncompressed body", body, answered(C.BAD_REQUEST), { "content-encoding": "gzip" })));
  return drafts;
}

// ---------------------------------------------------------------- invalid GraphQL syntax

const TOKENS = ["{", "}", "(", ")", "[", "]", ":", "$", "@", "!", "=", "|", "&", "...", "query", "mutation", "subscription", "fragment", "on", "product", "slug", "name", '"x"', '"""', "1", "1.5", "-", "true", "null", "#", ",", "\n", "\t", "\\", "?", "%", "'", "`", "~", "^", "*", ";", "<", ">", "§", "\u0000", "\u0007", "\u001b", "é", "💥"];

function invalidSyntax(random: Random): Draft[] {
  const parseError = refused(400, C.PARSE);
  const drafts: Draft[] = [];
  // Token soup: kept only when it does not parse.
  while (drafts.length < 300) {
    const soup = Array.from({ length: random.int(1, 60) }, () => random.pick(TOKENS)).join(random.pick(["", " "]));
    if (!parses(soup)) drafts.push(post("token soup", { query: soup }, parseError));
  }
  const fixed: [string, () => string][] = [
    ["unterminated string", () => `{ product(slug: "${random.word()}) { name } }`],
    ["unterminated block string", () => `{ product(slug: """${random.word()}) { name } }`],
    ["string with a raw newline", () => `{ product(slug: "a\nb") { name } }`],
    ["bad escape", () => `{ product(slug: "\\x${random.word(1, 2)}") { name } }`],
    ["short unicode escape", () => `{ product(slug: "\\u12") { name } }`],
    ["unclosed braces", () => `{ product(slug: "x") { name ${"{ ".repeat(random.int(1, 50))}`],
    ["extra closing braces", () => `{ __typename ${"}".repeat(random.int(1, 50))}`],
    ["nested opening braces", () => "{".repeat(random.int(2, 10_000))],
    ["nested brackets in an argument", () => `{ product(slug: ${"[".repeat(random.int(2, 5_000))}) { name } }`],
    ["nested objects in an argument, unclosed", () => `{ product(slug: ${"{a:".repeat(random.int(2, 3_000))}) { name } }`],
    ["empty document", () => random.pick(["", " ", "\n\n", "# only a comment", ","])],
    ["bad number", () => `{ products(first: ${random.pick(["1.", ".5", "0x1F", "1e", "01", "1_000", "--1"])}) { totalCount } }`],
    ["lone variable sign", () => `query($) { __typename }`],
    ["lone spread", () => `{ ... }`],
    ["directive without a name", () => `{ __typename @ }`],
    ["control character", () => `{ __type\u0001name }`],
    ["operation keyword only", () => random.pick(["query", "mutation", "subscription", "fragment", "query Q", "fragment F on"])],
    ["unexpected name", () => `${random.word()} { __typename }`],
  ];
  drafts.push(
    ...times(400, (index) => {
      const [label, make] = fixed[index % fixed.length]!;
      const document = make();
      return post(label, { query: document }, document === "" ? refused(400, C.BAD_REQUEST) : parses(document) ? answered(C.VALIDATION) : parseError);
    }),
  );
  return drafts;
}

// ---------------------------------------------------------------- validation

function validation(random: Random): Draft[] {
  const invalid = refused(400, C.VALIDATION);
  const makers: [string, () => string][] = [
    ["unknown root field", () => `{ ${random.word()} }`],
    ["unknown field on Product", () => `{ product(slug: "${random.pick(slugs)}") { name ${random.word()} } }`],
    ["unknown argument", () => `{ product(slug: "x", ${random.word()}: 1) { name } }`],
    ["missing required argument", () => `{ variant { sku } }`],
    ["string for Int literal", () => `{ products(first: "${random.word()}") { totalCount } }`],
    ["float for Int literal", () => `{ products(first: ${random.int(1, 99)}.5) { totalCount } }`],
    ["object for ID literal", () => `{ product(id: { a: ${random.int(1, 9)} }) { name } }`],
    ["list for String literal", () => `{ product(slug: ["a", "b"]) { name } }`],
    ["unknown enum value", () => `{ stores(kind: ${random.word().toUpperCase()}) { id } }`],
    ["input object with a wrong field", () => `{ stores(near: { latitude: 1, ${random.word()}: 2 }) { id } }`],
    ["input object missing a field", () => `{ stores(near: { latitude: 1 }) { id } }`],
    ["selection on a scalar", () => `{ categories { name { ${random.word()} } } }`],
    ["object without a selection", () => `{ categories }`],
    ["undefined variable", () => `{ product(slug: $${random.word()}) { name } }`],
    ["unused variable", () => `query($${random.word()}: Int) { __typename }`],
    ["variable of the wrong type", () => `query($n: String) { products(first: $n) { totalCount } }`],
    ["variable of an unknown type", () => `query($n: ${random.word()}Type) { __typename }`],
    ["fragment on an unknown type", () => `{ ...F } fragment F on ${random.word()}Type { __typename }`],
    ["impossible fragment spread", () => `{ categories { ... on Product { name } } }`],
    ["unknown fragment", () => `{ ...${random.word()} }`],
    ["unused fragment", () => `{ __typename } fragment F on Query { __typename }`],
    ["unknown directive", () => `{ __typename @${random.word()} }`],
    ["@skip without if", () => `{ __typename @skip }`],
    ["duplicate argument", () => `{ product(slug: "a", slug: "b") { name } }`],
    ["duplicate operation names", () => `query A { __typename } query A { __typename }`],
    ["anonymous operation with another", () => `{ __typename } query B { __typename }`],
    ["subscription on a schema without subscriptions", () => `subscription { ${random.word()} }`],
    ["unknown mutation", () => `mutation { ${random.word()} }`],
    ["inaccessible mutation", () => `mutation { reserveStock(input: {}) { reference } }`],
    ["conflicting aliases", () => `{ x: product(slug: "a") { name } x: product(slug: "b") { name } }`],
    ["duplicate variable", () => `query($a: Int, $a: Int) { products(first: $a) { totalCount } }`],
    ["non-input variable type", () => `query($p: Product) { __typename }`],
    ["_entities is not in the API", () => `{ _entities(representations: []) { __typename } }`],
    ["_service is not in the API", () => `{ _service { sdl } }`],
  ];
  return times(600, (index) => {
    const [label, make] = makers[index % makers.length]!;
    return post(label, { query: make() }, invalid);
  });
}

// ---------------------------------------------------------------- depth

function categoriesDeep(depth: number): string {
  // categories (1) + children × (depth - 2) + name (1)
  return `{ categories { ${"children { ".repeat(depth - 2)}name${" }".repeat(depth - 2)} } }`;
}

function depth(random: Random): Draft[] {
  const over = refused(400, C.LIMIT);
  const drafts: Draft[] = [];
  drafts.push(...times(150, () => post("nested children over the depth limit", { query: categoriesDeep(random.int(LIMITS.maxDepth + 1, 200)) }, over)));
  drafts.push(
    ...times(60, () => {
      const levels = random.int(LIMITS.maxDepth + 1, 60);
      let document = "";
      for (let level = 0; level < levels; level++) document += `fragment L${level} on Category { children { ${level + 1 < levels ? `...L${level + 1}` : "name"} } }\n`;
      return post("depth through named fragments", { query: `{ categories { ...L0 } }\n${document}` }, over);
    }),
  );
  drafts.push(
    ...times(60, () => {
      const levels = random.int(LIMITS.maxDepth, 80);
      return post("depth through inline fragments", { query: `{ categories { ${"... on Category { children { ".repeat(levels)}name${" } }".repeat(levels)} } }` }, over);
    }),
  );
  drafts.push(
    ...times(50, () => {
      const levels = random.int(LIMITS.maxDepth / 2, 40);
      const slug = random.pick(slugs);
      return post("cycle across subgraphs: variant.product.variants...", { query: `{ product(slug: "${slug}") { ${"variants { product { ".repeat(levels)}name${" } }".repeat(levels)} } }` }, over);
    }),
  );
  // Thousands of levels: still a refusal, not a stack overflow.
  drafts.push(...times(30, () => post("nesting thousands deep", { query: categoriesDeep(random.int(1_000, 5_000)) }, refused(400, C.LIMIT, C.PARSE, C.VALIDATION))));
  return drafts;
}

// ---------------------------------------------------------------- aliases

function aliasBomb(random: Random): Draft[] {
  const over = refused(400, C.LIMIT);
  const drafts: Draft[] = [];
  drafts.push(
    ...times(150, () => {
      const count = random.int(LIMITS.maxAliases + 1, 700);
      const slug = random.pick(slugs);
      return post(`${count} aliased product fields`, { query: `{ ${Array.from({ length: count }, (_, index) => `p${index}: product(slug: "${slug}") { name }`).join(" ")} }` }, over);
    }),
  );
  drafts.push(...times(80, () => post("aliased __typename bomb", { query: `{ ${Array.from({ length: random.int(LIMITS.maxAliases + 1, 2_000) }, (_, index) => `t${index}: __typename`).join(" ")} }` }, over)));
  drafts.push(
    ...times(60, () => {
      const inner = Array.from({ length: 10 }, (_, index) => `a${index}: name`).join(" ");
      const spreads = Array.from({ length: random.int(4, 200) }, (_, index) => `c${index}: categories { ...F }`).join(" ");
      return post("aliases multiplied by fragment spreads", { query: `{ ${spreads} } fragment F on Category { ${inner} }` }, over);
    }),
  );
  // The same field many times without aliases is legal, but graphql-js gives up comparing that
  // many fields ("Validation aborted.", its overlapping-fields budget), or the cost is over.
  drafts.push(...times(30, () => post("one field repeated thousands of times", { query: `{ categories { ${"name ".repeat(random.int(1_000, 6_000))}} }` }, answered(C.LIMIT, C.VALIDATION))));
  drafts.push(...times(30, () => post("__typename repeated thousands of times", { query: `{ ${"__typename ".repeat(random.int(1_000, 2_900))}}` }, answered(C.LIMIT, C.VALIDATION))));
  return drafts;
}

// ---------------------------------------------------------------- fragments

function fragmentBomb(random: Random): Draft[] {
  const drafts: Draft[] = [];
  const cycles = [
    `{ ...A } fragment A on Query { ...A }`,
    `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`,
    `{ categories { ...A } } fragment A on Category { children { ...B } } fragment B on Category { children { ...C } } fragment C on Category { ...A }`,
    `{ categories { ...A } } fragment A on Category { name ... on Category { ...A } }`,
  ];
  drafts.push(...times(120, (index) => post("fragment cycle", { query: cycles[index % cycles.length] }, refused(400, C.VALIDATION))));
  // Each level spreads the one below twice (or more): 2^levels selections once expanded.
  drafts.push(
    ...times(180, () => {
      const levels = random.int(8, 40);
      const fan = random.int(2, 4);
      let document = `fragment F0 on Category { name }\n`;
      for (let level = 1; level <= levels; level++) {
        const spreads = Array.from({ length: fan }, () => `...F${level - 1}`).join(" ");
        document += `fragment F${level} on Category { ${random.chance(0.5) ? `children { ${spreads} }` : spreads} }\n`;
      }
      return post(`fragment bomb: ${levels} levels × ${fan}`, { query: `{ categories { ...F${levels} } }\n${document}` }, refused(400, C.VALIDATION, C.LIMIT));
    }),
  );
  return drafts;
}

// ---------------------------------------------------------------- huge lists

function hugeList(random: Random): Draft[] {
  const ids = (count: number) => Array.from({ length: count }, (_, index) => `product-${String(index).padStart(6, "0")}`);
  const drafts: Draft[] = [];
  // 100,000 ids: about 1.7 MB, over the body limit.
  drafts.push(...times(8, () => post("100,000 ids in a variable", { query: `query($id: ID) { product(id: $id) { name } }`, variables: { id: ids(100_000) } }, refused(413, C.TOO_LARGE))));
  // 50,000 ids: under the body limit, and not an ID.
  drafts.push(...times(8, () => post("50,000 ids for an ID", { query: `query($id: ID) { product(id: $id) { name } }`, variables: { id: ids(50_000) } }, refused(400, C.BAD_USER_INPUT))));
  drafts.push(...times(5, () => post("50,000 ids in an undeclared variable", { query: "{ __typename }", variables: { ids: ids(50_000) } }, answered())));
  drafts.push(...times(5, () => post("30,000 keys in variables", { query: "{ __typename }", variables: Object.fromEntries(ids(30_000).map((id, index) => [id, index])) }, answered())));
  drafts.push(...times(5, () => post("a list of 20,000 lists for a String", { query: PRODUCT, variables: { slug: Array.from({ length: 20_000 }, () => [1, 2, 3]) } }, refused(400, C.BAD_USER_INPUT))));
  // Literal lists in the document: wrong type, or over the document size limit.
  drafts.push(...times(12, () => post("literal list of 1,000 ids for an ID", { query: `{ product(id: [${ids(random.int(500, 1_500)).map((id) => `"${id}"`).join(",")}]) { name } }` }, refused(400, C.VALIDATION))));
  drafts.push(...times(12, () => post("literal list of 10,000 ids", { query: `{ product(id: [${ids(10_000).map((id) => `"${id}"`).join(",")}]) { name } }` }, refused(400, C.LIMIT))));
  return drafts;
}

// ---------------------------------------------------------------- variables of the wrong type

function wrongVariableTypes(random: Random): Draft[] {
  const invalid = refused(400, C.BAD_USER_INPUT);
  const notInt = ["ten", "1", "", {}, [], [1], true, 1.5, 2147483648, -2147483649, { first: 1 }];
  const notString = [5, 1.5, true, {}, [], ["a"], { slug: "x" }, null];
  const notId = [1.5, true, {}, [], ["a"], null, { id: "x" }];
  const notKind = ["NOPE", "store", 5, true, {}, [], ""];
  const notPoint = ["here", 5, [], { latitude: "x", longitude: 0 }, { latitude: 1 }, { latitude: 1, longitude: 2, altitude: 3 }, { latitude: null, longitude: 1 }, { lat: 1, lng: 2 }];
  const notCartLine = [{}, { cartToken: "t" }, { cartToken: "t", sku: 5 }, { cartToken: ["t"], sku: "s" }, { cartToken: "t", sku: "s", quantity: "many" }, { cartToken: "t", sku: "s", quantity: 1.5 }, "line", null];
  const cases: [string, string, string, unknown[]][] = [
    ["Int", PRODUCTS, "first", notInt],
    ["String!", PRODUCT, "slug", notString],
    ["ID!", `query($id: ID!) { customer(id: $id) { name } }`, "id", notId],
    ["enum StoreKind", `query($kind: StoreKind) { stores(kind: $kind) { id } }`, "kind", notKind],
    ["GeoPointInput", `query($near: GeoPointInput) { stores(near: $near) { id } }`, "near", notPoint],
    ["AddCartLineInput!", `mutation($input: AddCartLineInput!) { addCartLine(input: $input) { token } }`, "input", notCartLine],
  ];
  const drafts = times(540, (index) => {
    const [type, query, name, values] = cases[index % cases.length]!;
    const value = values[Math.floor(index / cases.length) % values.length];
    // A declared variable left out counts as null.
    const variables = value === null && random.chance(0.5) ? {} : { [name]: value };
    return post(`${JSON.stringify(value)} for ${type}`, { query, variables }, invalid);
  });
  // Right type, but not a value the domain accepts: the subgraph answers (200 with a coded error, or null).
  const domain: [string, string, Record<string, unknown>][] = [
    ["first: 0", PRODUCTS, { first: 0 }],
    ["first: -5", PRODUCTS, { first: -5 }],
    ["first: 100000", PRODUCTS, { first: 100_000 }],
    ["latitude 500", `query($near: GeoPointInput) { stores(near: $near) { id } }`, { near: { latitude: 500, longitude: 0 } }],
    ["radiusKm without near", `{ stores(radiusKm: 5) { id } }`, {}],
    ["cursor of garbage", `query($after: String) { products(after: $after) { totalCount } }`, { after: "not-a-cursor" }],
    ["product by both id and slug", `{ product(id: "a", slug: "b") { name } }`, {}],
    ["product by neither", `{ product { name } }`, {}],
  ];
  // (a page of 100,000 is over the cost limit before any subgraph sees it)
  drafts.push(...times(80, (index) => post(`domain: ${domain[index % domain.length]![0]}`, { query: domain[index % domain.length]![1], variables: domain[index % domain.length]![2] }, answered(C.LIMIT, ...DOMAIN_CODES))));
  return drafts;
}

// ---------------------------------------------------------------- oversized bodies

function oversizedBody(random: Random): Draft[] {
  const drafts: Draft[] = [];
  const bodyLimit = LIMITS.bodyLimitBytes;
  drafts.push(
    ...times(30, (index) => {
      const size = random.int(bodyLimit + 1, Math.round(1.5 * bodyLimit));
      const json = Buffer.from(JSON.stringify({ query: `{ __typename }`, variables: { pad: "x".repeat(size) } }));
      switch (index % 3) {
        case 0:
          return postRaw(`${json.length} bytes with content-length`, json, refused(413, C.TOO_LARGE));
        case 1: {
          const chunks: Buffer[] = [];
          for (let offset = 0; offset < json.length; offset += 64 * 1024) chunks.push(json.subarray(offset, offset + 64 * 1024));
          return postRaw(`${json.length} bytes chunked`, chunks, refused(413, C.TOO_LARGE));
        }
        default:
          return postRaw(`${size} bytes of garbage`, Buffer.alloc(size, 0x7b), refused(413, C.TOO_LARGE));
      }
    }),
  );
  // Under the body limit, over the document size limit: refused before parsing.
  drafts.push(
    ...times(60, (index) => {
      const size = random.chance(0.8) ? random.int(LIMITS.maxDocumentBytes + 1, 4 * LIMITS.maxDocumentBytes) : random.int(LIMITS.maxDocumentBytes + 1, bodyLimit - 1024);
      const document = index % 2 ? `{ __typename }${" ".repeat(size)}` : `{ product(slug: "${"s".repeat(size)}") { name } }`;
      return post(`document of ${size} bytes`, { query: document }, refused(400, C.LIMIT));
    }),
  );
  drafts.push(...times(10, () => post("document just over the limit in multi-byte characters", { query: `# ${"é".repeat(LIMITS.maxDocumentBytes / 2)}\n{ __typename }` }, refused(400, C.LIMIT))));
  return drafts;
}

// ---------------------------------------------------------------- overlong strings

function overlongStrings(random: Random): Draft[] {
  const answeredByDomain = answered(...DOMAIN_CODES);
  const drafts: Draft[] = [];
  drafts.push(...times(30, () => post("30 KB slug literal", { query: `{ product(slug: "${"x".repeat(random.int(10_000, 30_000))}") { name } }` }, answeredByDomain)));
  drafts.push(...times(20, () => post("slug variable of 100-800 KB", { query: PRODUCT, variables: { slug: random.word(1, 1).repeat(random.int(50_000, 400_000)) } }, answeredByDomain)));
  drafts.push(...times(15, () => post("email variable of 200 KB", { query: `query($email: String!) { customerByEmail(email: $email) { name } }`, variables: { email: `${"a".repeat(200_000)}@example.com` } }, answeredByDomain)));
  drafts.push(...times(15, () => post("barcode variable of 100 KB", { query: `query($barcode: String!) { variantByBarcode(barcode: $barcode) { sku } }`, variables: { barcode: "1".repeat(100_000) } }, answeredByDomain)));
  drafts.push(...times(15, () => post("sku variable of 200 KB", { query: `query($sku: String!) { variant(sku: $sku) { sku } }`, variables: { sku: "S".repeat(200_000) } }, answeredByDomain)));
  drafts.push(
    ...times(15, () =>
      post("locate text of 5 KB", { query: `query($storeId: ID!, $text: String) { locateItem(storeId: $storeId, text: $text) { variant { sku } } }`, variables: { storeId: random.pick(storeIds), text: `${random.word()} `.repeat(500) } }, answeredByDomain, {
        "x-api-key": DEV_API_KEYS.handheld["store-london-oxford-st"],
      }),
    ),
  );
  drafts.push(...times(15, () => post("operationName of 100 KB", { query: "query A { __typename }", operationName: "A".repeat(100_000) }, refused(400, C.RESOLUTION))));
  drafts.push(...times(15, () => post("field name of 20 KB", { query: `{ ${"f".repeat(20_000)} }` }, refused(400, C.VALIDATION))));
  drafts.push(...times(10, () => post("cursor of 500 KB", { query: `query($after: String) { products(after: $after) { totalCount } }`, variables: { after: "c".repeat(200_000) } }, answeredByDomain)));
  return drafts;
}

// ---------------------------------------------------------------- unicode

function unicode(random: Random): Draft[] {
  const strings = [
    "💥🔥👩‍👩‍👧‍👦",
    "مرحبا بالعالم",
    "‮reversed‬",
    "zero​width‌joiner‍",
    "é́́́́́́́́́́́́",
    "漢字かなカナ",
    "𝕳𝖊𝖑𝖑𝖔",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff\ud800",
    "\uffff\ufffe",
    "\u200f\u202e\u2066",
    "\u0007\u001b[31m",
    "' OR 1=1 --",
    "%00%ff",
    "\\u0000",
    "\r\n\r\n",
  ];
  const answeredByDomain = answered(...DOMAIN_CODES);
  const drafts: Draft[] = [];
  // As variables (JSON escapes, lone surrogates and NUL included).
  const fields: [string, string, (value: string) => Record<string, unknown>][] = [
    ["slug", PRODUCT, (value) => ({ slug: value })],
    ["sku", `query($sku: String!) { variant(sku: $sku) { sku } }`, (value) => ({ sku: value })],
    ["email", `query($email: String!) { customerByEmail(email: $email) { name } }`, (value) => ({ email: value })],
    ["barcode", `query($barcode: String!) { variantByBarcode(barcode: $barcode) { sku } }`, (value) => ({ barcode: value })],
    ["order number", `query($number: String!) { orderByNumber(number: $number) { id } }`, (value) => ({ number: value })],
    ["store id", `query($id: ID!) { store(id: $id) { name } }`, (value) => ({ id: value })],
    ["product filter", `query($text: String) { products(filter: { text: $text }, first: 5) { totalCount } }`, (value) => ({ text: value })],
    ["cart token", `query($token: ID!) { cart(token: $token) { token } }`, (value) => ({ token: value })],
  ];
  drafts.push(
    ...times(200, (index) => {
      const [name, query, variables] = fields[index % fields.length]!;
      const value = strings[Math.floor(index / fields.length) % strings.length]!;
      return post(`${JSON.stringify(value)} as ${name}`, { query, variables: variables(value) }, answeredByDomain);
    }),
  );
  // In the document: inside strings they are values; outside, they are not GraphQL.
  drafts.push(...times(40, () => post("unicode inside a string literal", { query: `{ product(slug: ${JSON.stringify(random.pick(strings))}) { name } }` }, answered(C.PARSE, ...DOMAIN_CODES))));
  const outside = ["query Ünïcødé { __typename }", "｛ __typename ｝", "{ __type\u200bname }", "{ 💥 }", "{ __typename\u00a0}", "\u2028{ __typename }"];
  drafts.push(...times(40, (index) => post(`unicode outside strings: ${JSON.stringify(outside[index % outside.length])}`, { query: outside[index % outside.length] }, refused(400, C.PARSE))));
  drafts.push(...times(20, () => post("byte order mark before the document", { query: "\ufeff{ __typename }" }, SUCCESS)));
  return drafts;
}

// ---------------------------------------------------------------- credentials

async function auth(random: Random): Promise<Draft[]> {
  const unauthenticated = refused(401, C.UNAUTHENTICATED);
  const body = { query: PRODUCT, variables: { slug: slugs[0] } };
  const secret = new TextEncoder().encode(DEVELOPMENT_TOKENS.secret);
  const sign = (claims: Record<string, unknown>, options: { alg?: string; secret?: Uint8Array; issuer?: string; audience?: string; exp?: number | string; nbf?: number } = {}) => {
    let jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? "HS256" }).setIssuedAt();
    if (claims.sub === undefined) jwt = jwt.setSubject("cust-0001");
    jwt = jwt.setIssuer(options.issuer ?? DEVELOPMENT_TOKENS.issuer).setAudience(options.audience ?? DEVELOPMENT_TOKENS.audience);
    if (options.exp !== undefined) jwt = jwt.setExpirationTime(options.exp);
    if (options.nbf !== undefined) jwt = jwt.setNotBefore(options.nbf);
    return jwt.sign(options.secret ?? secret);
  };
  const now = Math.floor(Date.now() / 1000);
  const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const badTokens: [string, string][] = [
    ["expired", await sign({ role: "customer" }, { exp: now - 3600 })],
    ["expired long ago", await sign({ role: "customer" }, { exp: 1 })],
    ["not yet valid", await sign({ role: "customer" }, { exp: now + 7200, nbf: now + 3600 })],
    ["wrongly signed", await sign({ role: "customer" }, { exp: "1h", secret: new TextEncoder().encode("another-secret-another-secret-another-secret") })],
    ["wrong issuer", await sign({ role: "customer" }, { exp: "1h", issuer: "evil" })],
    ["wrong audience", await sign({ role: "customer" }, { exp: "1h", audience: "someone-else" })],
    ["no expiry", await sign({ role: "customer" })],
    ["no role", await sign({}, { exp: "1h" })],
    ["unknown role", await sign({ role: "superuser" }, { exp: "1h" })],
    ["associate without a store", await sign({ role: "associate" }, { exp: "1h" })],
    ["empty subject", await sign({ role: "customer", sub: "" }, { exp: "1h" })],
    ["alg none", `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ sub: "admin-1", role: "admin", iss: DEVELOPMENT_TOKENS.issuer, aud: DEVELOPMENT_TOKENS.audience, exp: now + 3600 })}.`],
    ["RS256 header on an HMAC", `${base64url({ alg: "RS256" })}.${base64url({ sub: "admin-1", role: "admin", exp: now + 3600 })}.${Buffer.from("sig").toString("base64url")}`],
    // The signature's first character: its last one also carries padding bits, and A and B there can decode to the same bytes.
    ["signature tampered", (await issueDevelopmentToken({ role: "customer", id: "cust-0001" })).replace(/\.([^.])([^.]*)$/, (_match, first: string, rest: string) => `.${first === "A" ? "B" : "A"}${rest}`)],
    ["payload swapped", (await issueDevelopmentToken({ role: "customer", id: "cust-0001" })).replace(/\.[^.]+\./, `.${base64url({ sub: "admin-1", role: "admin", exp: now + 3600 })}.`)],
    ["not a JWT", "not-a-jwt"],
    ["two parts", "a.b"],
    ["four parts", "a.b.c.d"],
    ["base64 garbage", `${random.bytes(32).toString("base64url")}.${random.bytes(64).toString("base64url")}.${random.bytes(32).toString("base64url")}`],
    ["JSON that is not an object", `${Buffer.from("[]").toString("base64url")}.${Buffer.from("5").toString("base64url")}.x`],
    ["8 KB token", `${"a".repeat(4_000)}.${"b".repeat(4_000)}.c`],
  ];
  const badSchemes = ["Bearer", "Bearer ", "bearer", "Basic dXNlcjpwYXNz", "Token abc", "Bearer a b", "Bearer  two-spaces", "Bearer\tx", "Digest x", "Bearer=abc", "NTLM TlRMTVNTUAAB", "Bearer ey.ey.ey extra"];
  const badKeys = ["nope", "DEV-WEB-KEY", "dev-web-key.", " dev-web-key-", "dev_web_key", "null", "undefined", "' OR '1'='1", "k".repeat(8_000), "\u00e9\u00e8\u00ff", "dev-web-key, dev-mobile-key"];
  const drafts: Draft[] = [];
  drafts.push(
    ...times(40, (index) => {
      const { "x-api-key": _key, ...headers } = BASE_HEADERS;
      return { label: "no API key", method: "POST", path: "/graphql", headers: index % 2 ? headers : { ...headers, "x-api-key": random.pick(["", " ", "\t"]) }, body: JSON.stringify(body), expect: unauthenticated };
    }),
  );
  drafts.push(...times(110, (index) => post(`unknown API key ${JSON.stringify(badKeys[index % badKeys.length]!.slice(0, 30))}`, body, unauthenticated, { "x-api-key": badKeys[index % badKeys.length]! })));
  drafts.push(...times(30, () => post("random API key", body, unauthenticated, { "x-api-key": random.bytes(random.int(8, 64)).toString("base64") })));
  drafts.push(...times(30, () => post("revoked API key", body, unauthenticated, { "x-api-key": REVOKED_KEY_PLACEHOLDER })));
  drafts.push(...times(20, () => post("two x-api-key headers, the first unknown", body, unauthenticated, { "x-api-key": ["unknown-key", DEV_API_KEYS.web] })));
  drafts.push(...times(120, (index) => post(`bearer token: ${badTokens[index % badTokens.length]![0]}`, body, unauthenticated, { authorization: `Bearer ${badTokens[index % badTokens.length]![1]}` })));
  drafts.push(...times(60, (index) => post(`authorization ${JSON.stringify(badSchemes[index % badSchemes.length])}`, body, unauthenticated, { authorization: badSchemes[index % badSchemes.length]! })));
  // An associate of one store on another store's handheld.
  const associate = await issueDevelopmentToken({ role: "associate", id: "associate-1", storeId: "store-manchester-arndale" });
  drafts.push(...times(20, () => post("associate on another store's handheld", body, refused(403, C.FORBIDDEN), { "x-api-key": DEV_API_KEYS.handheld["store-london-oxford-st"], authorization: `Bearer ${associate}` })));
  // Staff tokens on a storefront's key: an associate's needs their store's handheld, an admin's the back-office.
  const admin = await issueDevelopmentToken({ role: "admin", id: "admin-1" });
  drafts.push(...times(10, () => post("associate on the web storefront's key", body, refused(403, C.FORBIDDEN), { authorization: `Bearer ${associate}` })));
  drafts.push(...times(10, () => post("admin on the web storefront's key", body, refused(403, C.FORBIDDEN), { authorization: `Bearer ${admin}` })));
  // A good token, but no key: the app must be known first.
  const customer = await issueDevelopmentToken({ role: "customer", id: "cust-0001" });
  drafts.push(
    ...times(20, () => {
      const { "x-api-key": _key, ...headers } = BASE_HEADERS;
      return { label: "valid token without an API key", method: "POST", path: "/graphql", headers: { ...headers, authorization: `Bearer ${customer}` }, body: JSON.stringify(body), expect: unauthenticated };
    }),
  );
  return drafts;
}

/** Replaced, before sending, by a key the test revoked in its own key file. */
export const REVOKED_KEY_PLACEHOLDER = "<revoked-key>";

// ---------------------------------------------------------------- batches

function batch(random: Random): Draft[] {
  const operation = () => random.pick([{ query: "{ __typename }" }, { query: PRODUCT, variables: { slug: random.pick(slugs) } }, { query: "{ nope }" }, 5, null, "x", []]);
  const drafts: Draft[] = [];
  drafts.push(...times(200, () => post("batch", Array.from({ length: random.int(0, 50) }, operation), refused(400, C.BAD_REQUEST))));
  drafts.push(...times(20, () => post("batch of 5,000", Array.from({ length: 5_000 }, () => ({ query: "{ __typename }" })), refused(400, C.BAD_REQUEST))));
  drafts.push(...times(20, () => post("nested batches", [[[{ query: "{ __typename }" }]], [{ query: "{ __typename }" }]], refused(400, C.BAD_REQUEST))));
  // A batch element over the document limit is refused by the limit first.
  drafts.push(...times(10, () => post("batch with an oversized document", [{ query: "{ __typename }" }, { query: `{ __typename }${" ".repeat(LIMITS.maxDocumentBytes + 10)}` }], refused(400, C.BAD_REQUEST, C.LIMIT))));
  return drafts;
}

// ---------------------------------------------------------------- GET query strings

function getQueryStrings(random: Random): Draft[] {
  const q = (document: string) => `query=${encodeURIComponent(document)}`;
  const bad = refused(400, C.BAD_REQUEST);
  const cases: [string, () => string, Expectation, Record<string, string>?][] = [
    ["no query", () => "", bad],
    ["empty query", () => "?query=", bad],
    ["query twice", () => `?${q("{ __typename }")}&${q("{ __typename }")}`, bad],
    ["variables twice", () => `?${q(PRODUCT)}&variables=%7B%7D&variables=%7B%7D`, bad],
    ["variables not JSON", () => `?${q(PRODUCT)}&variables=${encodeURIComponent(random.pick(["{", "slug=x", "{'slug':'x'}", "%%%"]))}`, bad],
    ["variables not an object", () => `?${q(PRODUCT)}&variables=${encodeURIComponent(random.pick(["[]", "5", '"x"', "null", "true"]))}`, refused(400, C.BAD_REQUEST, C.BAD_USER_INPUT)],
    ["extensions not JSON", () => `?${q("{ __typename }")}&extensions=${encodeURIComponent(random.pick(["{", "x", "[1,"]))}`, bad],
    ["extensions not an object", () => `?${q("{ __typename }")}&extensions=${encodeURIComponent(random.pick(["[]", "5", '"x"']))}`, bad],
    ["broken percent-encoding", () => `?query=${random.pick(["%E0%A4%A", "%", "%zz", "%C0%AF", "%FF%FE", "%00"])}`, refused(400, C.BAD_REQUEST, C.PARSE)],
    ["syntax error", () => `?${q(`{ ${random.word()}`)}`, refused(400, C.PARSE)],
    ["unknown field", () => `?${q(`{ ${random.word()} }`)}`, refused(400, C.VALIDATION)],
    ["mutation over GET", () => `?${q("mutation { createCart { token } }")}`, refused(405, C.BAD_REQUEST)],
    ["too deep over GET", () => `?${q(categoriesDeep(random.int(13, 100)))}`, refused(400, C.LIMIT)],
    ["alias bomb over GET", () => `?${q(`{ ${Array.from({ length: random.int(31, 200) }, (_, index) => `t${index}: __typename`).join(" ")} }`)}`, refused(400, C.LIMIT)],
    ["wrong variable type over GET", () => `?${q(PRODUCTS)}&variables=${encodeURIComponent('{"first":"ten"}')}`, refused(400, C.BAD_USER_INPUT)],
    ["unknown operationName", () => `?${q("query A { __typename }")}&operationName=B`, refused(400, C.RESOLUTION)],
    ["unknown persisted query hash", () => `?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } }))}`, refused(200, C.PQ_NOT_FOUND)],
    ["without a preflight header (CSRF)", () => `?${q("{ __typename }")}`, bad, { "apollo-require-preflight": "" }],
    ["content type text/plain", () => `?${q("{ __typename }")}`, refused(415, C.BAD_REQUEST), { "content-type": "text/plain" }],
    ["without an API key", () => `?${q("{ __typename }")}`, refused(401, C.UNAUTHENTICATED), { "x-api-key": "" }],
    ["random parameters", () => `?${Array.from({ length: random.int(1, 30) }, () => `${random.word()}=${random.word()}`).join("&")}`, bad],
    ["a 10 KB query string", () => `?${q(`{ __typename } #${"x".repeat(10_000)}`)}`, SUCCESS],
    ["query with &, = and # unescaped", () => `?query={product(slug:"a&b=c"){name}}#d`, refused(400, C.PARSE)],
  ];
  return times(500, (index) => {
    const [label, make, expect, headers = {}] = cases[index % cases.length]!;
    const draft = get(`GET ${label}`, make(), expect);
    for (const [name, value] of Object.entries(headers)) {
      if (value === "") delete draft.headers[name];
      else draft.headers[name] = value;
    }
    return draft;
  });
}

// ---------------------------------------------------------------- persisted queries (APQ)

function persistedQuery(random: Random): Draft[] {
  const cases: [string, () => Record<string, unknown>, Expectation][] = [
    ["unknown hash", () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: random.bytes(32).toString("hex") } } }), refused(200, C.PQ_NOT_FOUND)],
    ["hash that does not match the query", () => ({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: random.bytes(32).toString("hex") } } }), refused(400, C.BAD_REQUEST)],
    ["version 2", () => ({ query: "{ __typename }", extensions: { persistedQuery: { version: 2, sha256Hash: "x" } } }), refused(400, C.BAD_REQUEST)],
    ["no version", () => ({ extensions: { persistedQuery: { sha256Hash: "0".repeat(64) } } }), refused(400, C.BAD_REQUEST)],
    ["persistedQuery a string", () => ({ query: "{ __typename }", extensions: { persistedQuery: "yes" } }), refused(400, C.BAD_REQUEST)],
    ["hash a number", () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: 12345 } } }), refused([200, 400], C.PQ_NOT_FOUND, C.BAD_REQUEST)],
    ["hash an object", () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: { a: 1 } } } }), refused([200, 400], C.PQ_NOT_FOUND, C.BAD_REQUEST)],
    ["hash a list", () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: ["a", "b"] } } }), refused([200, 400], C.PQ_NOT_FOUND, C.BAD_REQUEST)],
    ["no hash", () => ({ extensions: { persistedQuery: { version: 1 } } }), refused([200, 400], C.PQ_NOT_FOUND, C.BAD_REQUEST)],
    ["hash of 100 KB", () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: "a".repeat(100_000) } } }), refused(200, C.PQ_NOT_FOUND)],
    ["hash null with a query", () => ({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: null } } }), refused(400, C.BAD_REQUEST)],
  ];
  return times(165, (index) => {
    const [label, make, expect] = cases[index % cases.length]!;
    return post(`APQ: ${label}`, make(), expect);
  });
}

// ---------------------------------------------------------------- headers too large for Node's parser

function headerBomb(random: Random): Draft[] {
  return times(20, (index) => {
    if (index % 2) return post("a 20 KB header", { query: "{ __typename }" }, refused(431, C.BAD_REQUEST), { "x-padding": "p".repeat(random.int(17_000, 30_000)) });
    return get("a 20 KB URL", `?query=${encodeURIComponent(`{ __typename }${"#".repeat(random.int(17_000, 30_000))}`)}`, refused(431, C.BAD_REQUEST));
  });
}

// ---------------------------------------------------------------- valid requests

async function valid(random: Random, count: number): Promise<Draft[]> {
  const customer = await issueDevelopmentToken({ role: "customer", id: dataset.customers[0]!.id });
  const makers: (() => Draft)[] = [
    () => post("valid: product page", { query: PRODUCT, variables: { slug: random.pick(slugs) } }, SUCCESS),
    () => post("valid: products page", { query: PRODUCTS, variables: { first: random.int(1, 20) } }, SUCCESS),
    () => post("valid: categories", { query: "{ categories { name children { name } } }" }, SUCCESS),
    () => post("valid: variant with stock", { query: `query($sku: String!, $store: ID!) { variant(sku: $sku) { sku product { name } availability(storeId: $store) { available } } }`, variables: { sku: random.pick(skus), store: random.pick(storeIds) } }, SUCCESS),
    () => post("valid: stores", { query: "{ stores { id name } }" }, SUCCESS),
    () => post("valid: signed-in customer", { query: PRODUCT, variables: { slug: random.pick(slugs) } }, SUCCESS, { authorization: `Bearer ${customer}` }),
    () => get("valid: GET", `?query=${encodeURIComponent("{ categories { name } }")}`, SUCCESS),
  ];
  return times(count, (index) => makers[index % makers.length]!());
}

export interface GeneratedRequests {
  requests: HostileRequest[];
  countsByCategory: Record<string, number>;
}

/** Every hostile request, in a seeded order, with a valid one every `validEvery`. */
export async function generateHostileRequests(seed = 20_260_601, validEvery = 25): Promise<GeneratedRequests> {
  const random = new Random(seed);
  const hostile: [Category, Draft[]][] = [
    ["malformed-json", malformedJson(random)],
    ["wrong-body-fields", wrongBodyFields(random)],
    ["http-protocol", httpProtocol(random)],
    ["invalid-syntax", invalidSyntax(random)],
    ["validation", validation(random)],
    ["depth", depth(random)],
    ["alias-bomb", aliasBomb(random)],
    ["fragment-bomb", fragmentBomb(random)],
    ["huge-list", hugeList(random)],
    ["wrong-variable-types", wrongVariableTypes(random)],
    ["oversized-body", oversizedBody(random)],
    ["overlong-strings", overlongStrings(random)],
    ["unicode", unicode(random)],
    ["auth", await auth(random)],
    ["batch", batch(random)],
    ["get-query-string", getQueryStrings(random)],
    ["persisted-query", persistedQuery(random)],
    ["header-bomb", headerBomb(random)],
  ];
  const shuffled = random.shuffle(hostile.flatMap(([category, drafts]) => drafts.map((draft) => ({ ...draft, category }))));
  const validDrafts = (await valid(random, Math.ceil(shuffled.length / validEvery))).map((draft) => ({ ...draft, category: "valid" as const }));
  const ordered: Omit<HostileRequest, "index">[] = [];
  shuffled.forEach((draft, position) => {
    if (position % validEvery === 0 && validDrafts.length) ordered.push(validDrafts.shift()!);
    ordered.push(draft);
  });
  ordered.push(...validDrafts);
  const requests = ordered.map((request, index) => ({ ...request, index }));
  const countsByCategory: Record<string, number> = {};
  for (const request of requests) countsByCategory[request.category] = (countsByCategory[request.category] ?? 0) + 1;
  return { requests, countsByCategory };
}
