import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEVELOPMENT_TOKENS } from "../../../gateway/src/auth";
import { demoDataset } from "../../../prisma/seed";
import { DEVELOPMENT_SERVICE_SECRET } from "@platform/caller";
import { REPO_ROOT } from "@platform/registry";
import { as, clientCredentials, DEV_API_KEYS } from "../../support/callers";
import { type CommerceProcesses, SUBGRAPH_NAMES, startCommerceProcesses } from "../../support/commerceProcesses";
import { describeOnPostgres } from "../../support/describeOnPostgres";
import { type GatewayProcess, startGatewayProcess } from "../../support/gatewayProcess";
import { type GraphQLResponse, postGraphQL } from "../../support/graphqlClient";

/**
 * No personal data in any log (issue 15): the real processes (four subgraphs on PostgreSQL and
 * the gateway, as `npm start` runs them, at LOG_LEVEL=info with the response cache on) serve the
 * commerce flows (profile reads, carts, checkout) and the GDPR flows (export, erasure, the erased
 * customer's refused token); then every line every process wrote, stdout and stderr, JSON or not,
 * is searched for every demo customer's email, name and phone number, and for the bearer tokens,
 * cart tokens, API keys and secrets the run used. The search is itself tested on planted lines.
 */
const dataset = demoDataset();
const warehouse = dataset.stores.find((store) => store.kind === "WAREHOUSE")!;
const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
const sku = dataset.stock.find((row) => row.storeId === warehouse.id && row.onHand - row.reserved >= 5)!.sku;
const [shopper, erased, kioskShopper] = dataset.customers;
const EXPORT = readFileSync(path.join(REPO_ROOT, "schema/operations/customerDataExport.graphql"), "utf8");
const PROFILE = `query Profile($id: ID!) { customer(id: $id) { id email firstName lastName phone addresses { address { line1 postcode } } } }`;

/** Secrets the run sends: every bearer token, cart token and API key, collected as they are used. */
const secrets = new Set<string>([DEVELOPMENT_SERVICE_SECRET, DEVELOPMENT_TOKENS.secret]);

/** What must never be logged, with a label for the report. Names are searched as whole words, case-sensitively ("Li" is a surname). */
function forbiddenPatterns(): { label: string; pattern: RegExp }[] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const patterns: { label: string; pattern: RegExp }[] = [];
  for (const customer of dataset.customers) {
    patterns.push({ label: `${customer.id} email`, pattern: new RegExp(escape(customer.email), "i") });
    patterns.push({ label: `${customer.id} phone`, pattern: new RegExp(`${escape(customer.phone)}|${escape(customer.phone.replaceAll(" ", ""))}`) });
    patterns.push({ label: `${customer.id} first name`, pattern: new RegExp(`\\b${escape(customer.firstName)}\\b`) });
    patterns.push({ label: `${customer.id} last name`, pattern: new RegExp(`\\b${escape(customer.lastName)}\\b`) });
    for (const address of customer.addresses) patterns.push({ label: `${customer.id} address`, pattern: new RegExp(escape(address.line1), "i") });
  }
  for (const secret of secrets) {
    patterns.push({ label: `secret ${secret.slice(0, 6)}…`, pattern: new RegExp(escape(secret)) });
    // A JWT's signature alone, should a log cut the token up.
    const signature = secret.split(".")[2];
    if (signature) patterns.push({ label: `token signature ${signature.slice(0, 6)}…`, pattern: new RegExp(escape(signature)) });
  }
  return patterns;
}

function findPersonalData(lines: readonly { process: string; line: string }[]): string[] {
  const patterns = forbiddenPatterns();
  const hits: string[] = [];
  for (const { process, line } of lines) {
    for (const { label, pattern } of patterns) if (pattern.test(line)) hits.push(`${process}: ${label}: ${line.slice(0, 300)}`);
  }
  return hits;
}

describeOnPostgres("no personal data in any log", () => {
  let processes: CommerceProcesses;
  let gateway: GatewayProcess;
  const requestId = `no-pii-${randomUUID()}`;

  async function query<T = any>(document: string, variables: Record<string, unknown>, caller: Record<string, string>, extra: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
    const credentials = await clientCredentials(caller);
    for (const [name, value] of Object.entries(credentials)) if (name === "x-api-key" || name === "authorization") secrets.add(value.replace(/^Bearer /, ""));
    return postGraphQL<T>(gateway.url, document, variables, { ...credentials, "x-request-id": requestId, ...extra });
  }

  function ok<T>(response: GraphQLResponse<T>): T {
    if (response.status !== 200 || response.body.errors) throw new Error(`expected success, got ${response.status}: ${JSON.stringify(response.body.errors)}`);
    return response.body.data!;
  }

  function everyLine(): { process: string; line: string }[] {
    return [
      ...gateway.output.map((line) => ({ process: "gateway", line })),
      ...SUBGRAPH_NAMES.flatMap((name) => processes.history(name).flatMap((running) => running.output.map((line) => ({ process: name, line })))),
    ];
  }

  beforeAll(async () => {
    processes = await startCommerceProcesses();
    gateway = await startGatewayProcess({
      subgraphUrls: processes.urls,
      resilience: { timeoutMs: 30_000 },
      // As `npm start`: the response cache on (in memory), a line for every request.
      env: { GATEWAY_CACHE: "on", GATEWAY_REQUEST_LOG_SAMPLE: "1" },
    });
    for (const key of Object.values(DEV_API_KEYS)) for (const value of typeof key === "string" ? [key] : Object.values(key)) secrets.add(value);
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await processes?.stop();
  });

  it("runs the commerce flows: profile reads (the second from the cache), a cart, a shipped checkout, a kiosk check-in", async () => {
    const profile = ok(await query(PROFILE, { id: shopper!.id }, as.web(shopper!.id))).customer;
    expect(profile.email).toBe(shopper!.email);
    ok(await query(PROFILE, { id: shopper!.id }, as.web(shopper!.id)));

    const cart = ok(await query<{ createCart: { token: string } }>(`mutation { createCart { token } }`, {}, as.web(shopper!.id))).createCart.token;
    secrets.add(cart);
    ok(await query(`mutation AddLine($input: AddCartLineInput!) { addCartLine(input: $input) { token } }`, { input: { cartToken: cart, sku, quantity: 1 } }, as.web(shopper!.id)));
    const order = ok(
      await query<{ checkout: { number: string } }>(
        `mutation Checkout($input: CheckoutInput!) { checkout(input: $input) { number fulfilment { shippingAddress { line1 } } } }`,
        { input: { cartToken: cart, idempotencyKey: randomUUID(), fulfilment: { type: "SHIP", shippingAddress: { line1: shopper!.addresses[0]!.line1, city: "Leeds", postcode: "LS2 7HY", country: "GB" } } } },
        as.web(shopper!.id),
      ),
    ).checkout;
    expect(order.number).toBeTruthy();
    ok(await query(`mutation CheckIn { recordTouchpoint(input: { type: STORE_CHECK_IN }) { recorded } }`, {}, as.kiosk(store.id, kioskShopper!.id)));
    // A client that puts personal data where a name goes, and a token that does not verify.
    const refused = await postGraphQL(gateway.url, PROFILE, { id: shopper!.id }, { "x-api-key": DEV_API_KEYS.web, authorization: "Bearer not.a.token", "x-request-id": requestId });
    expect(refused.status).toBe(401);
  });

  it("runs the GDPR flows: the customer's export, an admin's export, the erasure, the erased customer's token refused", async () => {
    const own = ok(await query(EXPORT, {}, as.web(erased!.id))).customerDataExport;
    expect(JSON.stringify(own)).toContain(erased!.email);
    ok(await query(EXPORT, { customerId: erased!.id }, as.admin()));
    ok(await query(`mutation Erase($id: ID!) { eraseCustomer(customerId: $id) { customerId erasedAt } }`, { id: erased!.id }, as.admin()));
    const after = await query(PROFILE, { id: erased!.id }, as.web(erased!.id));
    expect(after.status).toBe(401);
  });

  it("stops every process, so that everything each wrote has been read", async () => {
    await gateway.stop();
    await processes.stop();
  });

  it("every process logged its requests, with the client's request id passed from the gateway to the subgraphs", () => {
    const gatewayLines = gateway.logs.filter((line) => line.msg === "graphql request");
    expect(gatewayLines.length).toBeGreaterThanOrEqual(10);
    expect(gatewayLines.every((line) => line.requestId === requestId)).toBe(true);
    expect(gatewayLines.filter((line) => line.status === 401).length).toBeGreaterThanOrEqual(2);
    expect(gatewayLines.filter((line) => line.operationName === "Profile").map((line) => `${line.status} ${line.cache}`)).toEqual(["200 miss", "200 hit", "401 none", "401 none"]);
    expect(gatewayLines.find((line) => line.operationName === "Checkout")).toMatchObject({ channel: "WEB", status: 200, errors: 0 });
    for (const name of SUBGRAPH_NAMES) {
      const operations = processes.process(name).logs.filter((line) => line.msg === "graphql operation" && line.requestId === requestId);
      expect({ name, logged: operations.length > 0 }).toEqual({ name, logged: true });
    }
    // orders' service calls to inventory (the reservation) carry the id too, named by their caller.
    expect(processes.process("inventory").logs.some((line) => line.msg === "graphql operation" && line.requestId === requestId && line.caller === "orders")).toBe(true);
  });

  it("the search finds personal data and secrets in a planted line of any kind", () => {
    const [token] = [...secrets].filter((secret) => secret.split(".").length === 3);
    expect(token).toBeDefined();
    const planted = [
      `{"msg":"graphql request","email":"${shopper!.email.toUpperCase()}"}`,
      `{"msg":"x","phone":"${erased!.phone.replaceAll(" ", "")}"}`,
      `customer ${kioskShopper!.firstName} ${kioskShopper!.lastName} checked in`,
      `{"headers":{"authorization":"Bearer ${token}"}}`,
      `{"x-api-key":"${DEV_API_KEYS.backOffice}"}`,
      `{"address":"${shopper!.addresses[0]!.line1}"}`,
    ];
    for (const line of planted) expect({ line, hits: findPersonalData([{ process: "planted", line }]).length > 0 }).toEqual({ line, hits: true });
    expect(findPersonalData([{ process: "planted", line: `{"msg":"graphql request","requestId":"${requestId}","channel":"WEB"}` }])).toEqual([]);
  });

  it("no line of any process holds a demo customer's email, name, phone or address, a token or a key", () => {
    const lines = everyLine();
    expect(lines.length).toBeGreaterThan(40);
    expect(findPersonalData(lines)).toEqual([]);
  });
});
