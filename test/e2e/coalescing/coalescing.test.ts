import { request as httpRequest } from "node:http";
import { demoDataset } from "../../../prisma/seed";
import { as, type CommerceStack, startCommerceStack } from "../../support/commerceStack";
import { clientCredentials } from "../../support/callers";
import { type GatewayProcess, startGatewayProcess } from "../../support/gatewayProcess";
import { postGraphQL } from "../../support/graphqlClient";

/**
 * Query coalescing through the real gateway, as its own process (as `npm start` runs it, with
 * GATEWAY_COALESCE_QUERIES on by default), in front of the real subgraphs: identical queries of
 * one caller in flight together share one subgraph fetch (catalog sees fewer statements than one
 * request's times their number), every client still gets the whole answer, two callers never
 * share (each customer sees only their own data), and a change acknowledged before a read is in
 * it. The rule that a request never joins a fetch that started before it arrived is proven in
 * gateway/src/datasource/inFlightQueries.test.ts. (A gateway in the test's own process would not
 * do: it handles the burst one request at a time, so nothing is ever in flight together.)
 */
const dataset = demoDataset();
const product = dataset.products[3]!;
const [alice, bob] = dataset.customers;
const PRODUCT = `query($slug: String!) { product(slug: $slug) { id name variants { sku price { amountMinor } } } }`;
const CONCURRENT = 20;

let stack: CommerceStack;
let gateway: GatewayProcess;
const coalescing = {
  query: async (document: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = as.web()) =>
    postGraphQL(gateway.url, document, variables, await clientCredentials(headers)),
};

beforeAll(async () => {
  stack = await startCommerceStack();
  gateway = await startGatewayProcess({
    subgraphUrls: { catalog: stack.catalog.url, inventory: stack.inventory.url, customer: stack.customer.url, orders: stack.orders.url },
    resilience: { timeoutMs: 30_000 },
    env: { GATEWAY_COALESCE_QUERIES: "on" },
  });
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await stack?.stop();
});

/** A POST whose headers go now and whose body goes when told: the server has begun the request in between. */
function startRequest(url: string, headers: Record<string, string>, body: string): { sendBody(): void; answer: Promise<{ statusCode: number; body: any }> } {
  const request = httpRequest(url, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, agent: false });
  const answer = new Promise<{ statusCode: number; body: any }>((resolve, reject) => {
    request.on("error", reject);
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ statusCode: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
  request.flushHeaders();
  return { sendBody: () => request.end(body), answer };
}

async function catalogStatements(action: () => Promise<unknown>): Promise<number> {
  return (await stack.catalog.countStatements(action)).statements;
}

it(`answers ${CONCURRENT} identical queries in flight together with fewer catalog statements than one query's times ${CONCURRENT}`, async () => {
  const alone = await catalogStatements(() => stack.query(PRODUCT, { slug: product.slug }));
  expect(alone).toBeGreaterThan(0);

  // All requests reach the gateway before any can be answered: each sends its headers first
  // (the gateway starts handling it then), and the bodies follow together once every request
  // is under way. So the requests are in flight together, as under load.
  const headers = { "content-type": "application/json", ...(await clientCredentials(as.web())) };
  const body = JSON.stringify({ query: PRODUCT, variables: { slug: product.slug } });
  let answers: { statusCode: number; body: any }[] = [];
  const together = await catalogStatements(async () => {
    const started = Array.from({ length: CONCURRENT }, () => startRequest(gateway.url, headers, body));
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const request of started) request.sendBody();
    answers = await Promise.all(started.map((request) => request.answer));
  });
  expect(together).toBeLessThan(alone * CONCURRENT);
  for (const answer of answers) {
    expect(answer.statusCode).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.product).toMatchObject({ id: product.id, name: product.name });
    expect(answer.body.data.product.variants).toHaveLength(product.variants.length);
  }
});

it("never shares one customer's answer with another, however they interleave", async () => {
  const query = `query($id: ID!) { customer(id: $id) { email } }`;
  const requests = Array.from({ length: CONCURRENT }, (_, index) => {
    const customer = index % 2 === 0 ? alice! : bob!;
    return coalescing.query(query, { id: customer.id }, as.web(customer.id)).then((answer) => ({ customer, answer }));
  });
  for (const { customer, answer } of await Promise.all(requests)) {
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.customer.email).toBe(customer.email);
  }
});

it("still shows a change acknowledged before the read: an adjusted stock level on the next read", async () => {
  const stock = dataset.stock.find((row) => row.storeId.startsWith("store-") && row.onHand > 0)!;
  const read = `query($storeId: ID!, $sku: String!) { locateItem(storeId: $storeId, sku: $sku) { stock { onHand } } }`;
  const associate = as.associate(stock.storeId);
  const before = (await coalescing.query(read, { storeId: stock.storeId, sku: stock.sku }, associate)).body.data.locateItem[0].stock.onHand;
  const adjusted = await coalescing.query(
    `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { delta } }`,
    { input: { sku: stock.sku, storeId: stock.storeId, reason: "FOUND", delta: 3 } },
    associate,
  );
  expect(adjusted.body.errors).toBeUndefined();
  const reads = await Promise.all(Array.from({ length: 5 }, () => coalescing.query(read, { storeId: stock.storeId, sku: stock.sku }, associate)));
  for (const answer of reads) expect(answer.body.data.locateItem[0].stock.onHand).toBe(before + 3);
});
