import { randomUUID } from "node:crypto";
import { demoDataset } from "../../../prisma/seed";
import { as, type CommerceStack, startCommerceStack } from "../../support/commerceStack";
import type { GraphQLResponse } from "../../support/graphqlClient";
import { redisServerAvailable, type RedisServerProcess, startRedisServer } from "../../support/redisServerProcess";

/**
 * The gateway's cache against the real subgraphs and their cache hints: hits are served, a change
 * made through the gateway is visible on the very next read (through a second gateway sharing the
 * same Redis too), PRIVATE answers stay with their caller, and a Redis that dies mid-run fails
 * no request. On Redis when TEST_REDIS_URL is set (each stack under its own key prefix), on the
 * in-process LRU otherwise (then the second-instance scenario needs Redis and is skipped).
 */
const redisUrl = process.env.TEST_REDIS_URL;
const cache = () => ({ enabled: true, redisUrl, keyPrefix: `gw-test-${randomUUID()}:` });

const dataset = demoDataset();
const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
const skus = dataset.stock.filter((row) => row.storeId === store.id && row.onHand - row.reserved >= 5).map((row) => row.sku);
const [sku, secondSku] = skus;
const [customerA, customerB] = dataset.customers;

const AVAILABILITY = `query($sku: String!, $storeId: ID!) { variant(sku: $sku) { sku availability(storeId: $storeId) { onHand reserved available } } }`;
const PROFILE = `query($id: ID!) { customer(id: $id) { id email name } }`;
const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { delta } }`;

let stack: CommerceStack;
let sharedPrefix: ReturnType<typeof cache>;

beforeAll(async () => {
  sharedPrefix = cache();
  stack = await startCommerceStack({ cache: sharedPrefix });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const wasHit = (response: GraphQLResponse) => response.headers.get("age") !== null;

function ok<T>(response: GraphQLResponse<T>): T {
  if (response.status !== 200 || response.body.errors) throw new Error(`expected success, got ${response.status}: ${JSON.stringify(response.body.errors)}`);
  return response.body.data!;
}

async function onHandVia(query: CommerceStack["query"], ofSku: string) {
  const response = await query(AVAILABILITY, { sku: ofSku, storeId: store.id }, as.web());
  return { hit: wasHit(response), onHand: ok<{ variant: { availability: { onHand: number } } }>(response).variant.availability.onHand, response };
}

describe("the response cache", () => {
  it("serves a repeated public read from the cache, with cache-control and age", async () => {
    const first = await onHandVia(stack.query, sku!);
    const second = await onHandVia(stack.query, sku!);
    expect(first.hit).toBe(false);
    expect(second.hit).toBe(true);
    expect(second.onHand).toBe(first.onHand);
    expect(second.response.headers.get("cache-control")).toMatch(/^max-age=\d+, public$/);
  });

  it("shows a handheld's stock adjustment on the very next read", async () => {
    await onHandVia(stack.query, sku!);
    const before = await onHandVia(stack.query, sku!);
    expect(before.hit).toBe(true);

    ok(await stack.query(ADJUST, { input: { sku, storeId: store.id, reason: "RECEIVED", delta: 3 } }, as.associate(store.id)));
    const after = await onHandVia(stack.query, sku!);
    expect(after.onHand).toBe(before.onHand + 3);
  });

  (redisUrl ? it : it.skip)("shows it through a second gateway instance sharing the Redis cache", async () => {
    const second = await stack.addGateway(sharedPrefix);
    await onHandVia(second.query, secondSku!);
    const warm = await onHandVia(second.query, secondSku!);
    expect(warm.hit).toBe(true);

    ok(await stack.query(ADJUST, { input: { sku: secondSku, storeId: store.id, reason: "DAMAGED", delta: -1 } }, as.associate(store.id)));
    const afterOnSecond = await onHandVia(second.query, secondSku!);
    expect(afterOnSecond.onHand).toBe(warm.onHand - 1);
  });

  it("never returns a customer's PRIVATE answer to another customer or an anonymous caller", async () => {
    const mine = await stack.query(PROFILE, { id: customerA!.id }, as.web(customerA!.id));
    const again = await stack.query(PROFILE, { id: customerA!.id }, as.web(customerA!.id));
    expect(ok(again)).toEqual(ok(mine));
    expect(wasHit(again)).toBe(true);
    expect(again.headers.get("cache-control")).toMatch(/private/);

    const other = await stack.query(PROFILE, { id: customerA!.id }, as.web(customerB!.id));
    const anonymous = await stack.query(PROFILE, { id: customerA!.id }, as.web());
    expect(wasHit(other)).toBe(false);
    expect(wasHit(anonymous)).toBe(false);
  });

  it("does not store responses with errors", async () => {
    const refused = `query { locateItem(storeId: "store-atlantis", sku: "${sku}") { stock { onHand } } }`;
    const first = await stack.query(refused, {}, as.associate(store.id));
    expect(first.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(wasHit(await stack.query(refused, {}, as.associate(store.id)))).toBe(false);
  });
});

describe("the entity cache", () => {
  const WITH_SIZE = `query($sku: String!, $storeId: ID!) { variant(sku: $sku) { sku size availability(storeId: $storeId) { onHand reserved available } } }`;

  it("serves another query the availability one query fetched, without asking inventory, until a change drops it", async () => {
    const [, , thirdSku] = skus;
    await onHandVia(stack.query, thirdSku!);
    // A different operation (its response is not cached yet) whose plan asks inventory for the same entity.
    const { result, statements } = await stack.inventory.countStatements(() => stack.query(WITH_SIZE, { sku: thirdSku, storeId: store.id }, as.web()));
    expect(wasHit(result)).toBe(false);
    expect(statements).toBe(0);
    const before = ok<{ variant: { availability: { onHand: number } } }>(result).variant.availability.onHand;

    ok(await stack.query(ADJUST, { input: { sku: thirdSku, storeId: store.id, reason: "FOUND", delta: 2 } }, as.associate(store.id)));
    const again = await stack.inventory.countStatements(() => stack.query(WITH_SIZE, { sku: thirdSku, storeId: store.id }, as.web()));
    expect(again.statements).toBeGreaterThan(0);
    expect(ok<{ variant: { availability: { onHand: number } } }>(again.result).variant.availability.onHand).toBe(before + 2);
  });
});

(redisUrl && redisServerAvailable() ? describe : describe.skip)("a Redis that dies mid-run", () => {
  let redis: RedisServerProcess;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it("fails no request: reads are served without the cache until it is back", async () => {
    const gateway = await stack.addGateway({ enabled: true, redisUrl: redis.url, keyPrefix: "gw:" });
    const statuses: number[] = [];
    const failures: string[] = [];
    const read = async () => {
      const response = await onHandVia(gateway.query, sku!).catch((error: Error) => ({ error }));
      if ("error" in response) failures.push(response.error.message);
      else statuses.push(response.response.status);
    };
    for (let round = 0; round < 30; round++) {
      if (round === 10) await redis.kill();
      if (round === 20) await redis.restart();
      await Promise.all([read(), read(), read()]);
    }
    expect(failures).toEqual([]);
    expect(statuses).toEqual(Array.from({ length: 90 }, () => 200));
  });
});
