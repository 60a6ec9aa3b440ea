import { randomUUID } from "node:crypto";
import { demoDataset } from "../../../prisma/seed";
import { INVALIDATIONS_CHANNEL } from "@platform/invalidation";
import { as, type CommerceStack, startCommerceStack } from "../../support/commerceStack";
import type { GraphQLResponse } from "../../support/graphqlClient";
import { redisServerAvailable, type RedisServerProcess, startRedisServer } from "../../support/redisServerProcess";
import { shopper } from "../commerce/support/shopper";

/**
 * Background invalidation: a change made outside any gateway request (the orders subgraph's
 * release sweeper giving back the stock of a failed checkout) reaches the gateway's cache over
 * Redis pub/sub, so the next read shows it rather than the cached stale value. The subgraphs and
 * the gateway share a redis-server of the test's own (TEST_REDIS_URL without redis-server). A
 * second gateway on the in-process LRU shows the documented limit: without Redis nothing tells
 * it, and its entry lives out its TTL.
 */
// A redis-server of its own whenever possible: the channel is one per Redis, so a shared Redis
// would also carry other stacks' invalidations.
const ownRedis = redisServerAvailable();
const runnable = ownRedis || Boolean(process.env.TEST_REDIS_URL);

const dataset = demoDataset();
const store = dataset.stores.find((candidate) => candidate.kind === "STORE")!;
// From the end of the list: the other caching suite takes its SKUs from the start.
const sku = dataset.stock.filter((row) => row.storeId === store.id && row.onHand - row.reserved >= 5).at(-1)!.sku;
const customerId = dataset.customers[0]!.id;

const AVAILABILITY = `query($sku: String!, $storeId: ID!) { variant(sku: $sku) { sku availability(storeId: $storeId) { onHand reserved available } } }`;
type Availability = { onHand: number; reserved: number; available: number };

(runnable ? describe : describe.skip)("background invalidation (Redis pub/sub)", () => {
  let redis: RedisServerProcess | undefined;
  let stack: CommerceStack;
  let memoryGateway: Awaited<ReturnType<CommerceStack["addGateway"]>>;

  beforeAll(async () => {
    redis = ownRedis ? await startRedisServer() : undefined;
    const redisUrl = redis?.url ?? process.env.TEST_REDIS_URL!;
    stack = await startCommerceStack({ cache: { enabled: true, redisUrl, keyPrefix: `gw-test-${randomUUID()}:` }, subgraphRedisUrl: redisUrl });
    memoryGateway = await stack.addGateway({ enabled: true, redisUrl: undefined });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await redis?.stop();
  });

  async function availabilityVia(query: CommerceStack["query"]): Promise<{ hit: boolean } & Availability> {
    const response: GraphQLResponse<{ variant: { availability: Availability } }> = await query(AVAILABILITY, { sku, storeId: store.id }, as.web());
    if (response.status !== 200 || response.body.errors) throw new Error(`expected success, got ${response.status}: ${JSON.stringify(response.body.errors)}`);
    return { hit: response.headers.get("age") !== null, ...response.body.data!.variant.availability };
  }

  async function gatewayHealth(): Promise<any> {
    const response = await fetch(new URL("/health", stack.gatewayUrl));
    return response.json();
  }

  it("shows stock the release sweeper gave back on the next read, where it was cached before", async () => {
    const shop = shopper(stack);
    const health = await gatewayHealth();
    expect(health.cache.backgroundInvalidations).toMatchObject({ channel: INVALIDATIONS_CHANNEL, state: "subscribed" });
    const before = await availabilityVia(stack.query);

    // A checkout that reserves, then fails to write its order (the orders table refuses it), and whose
    // compensating release inventory refuses too: the release is left to orders' background sweeper.
    await stack.orders.prisma.$executeRawUnsafe(`CREATE FUNCTION orders.refuse_orders() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'orders are refused by the test'; END $$`);
    await stack.orders.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_orders BEFORE INSERT ON orders."Order" FOR EACH ROW EXECUTE FUNCTION orders.refuse_orders()`);
    await stack.inventory.prisma.$executeRawUnsafe(
      `CREATE FUNCTION inventory.refuse_releases() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.status = 'RELEASED' THEN RAISE EXCEPTION 'releases are refused by the test'; END IF; RETURN NEW; END $$`,
    );
    await stack.inventory.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_releases BEFORE UPDATE ON inventory."StockReservation" FOR EACH ROW EXECUTE FUNCTION inventory.refuse_releases()`);
    try {
      const token = await shop.createCart(as.mobile(customerId));
      await shop.addLine(token, sku, 1, as.mobile(customerId));
      try {
        const failed = await shop.checkout(token, randomUUID(), store.id, as.mobile(customerId));
        expect(failed.body.errors).toHaveLength(1);
      } finally {
        await stack.orders.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_orders ON orders."Order"`);
        await stack.orders.prisma.$executeRawUnsafe(`DROP FUNCTION orders.refuse_orders()`);
      }
      expect(await stack.orders.prisma.pendingRelease.count()).toBe(1);

      // Both gateways now cache the unit as reserved.
      for (const query of [stack.query, memoryGateway.query]) {
        expect(await availabilityVia(query)).toMatchObject({ reserved: before.reserved + 1 });
        expect(await availabilityVia(query)).toMatchObject({ hit: true, reserved: before.reserved + 1 });
      }
    } finally {
      await stack.inventory.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_releases ON inventory."StockReservation"`);
      await stack.inventory.prisma.$executeRawUnsafe(`DROP FUNCTION inventory.refuse_releases()`);
    }

    // The sweeper (every 200 ms here) releases the reservation, outside any gateway request.
    const deadline = Date.now() + 10_000;
    while ((await stack.orders.prisma.pendingRelease.count()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await stack.orders.prisma.pendingRelease.count()).toBe(0);

    // Well within the stock TTL (30 s): the Redis gateway was told and drops its entry.
    let after = await availabilityVia(stack.query);
    while (after.reserved !== before.reserved && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await availabilityVia(stack.query);
    }
    expect(after).toMatchObject({ onHand: before.onHand, reserved: before.reserved, available: before.available });
    const { backgroundInvalidations, layers } = (await gatewayHealth()).cache;
    expect(backgroundInvalidations.received).toBeGreaterThanOrEqual(1);
    expect(backgroundInvalidations.invalidated).toBeGreaterThanOrEqual(1);
    expect(layers.response.invalidations).toBeGreaterThanOrEqual(2); // the failed checkout's, and the sweep's

    // Without Redis nothing reaches a gateway: its cached answer stays until its TTL.
    expect(await availabilityVia(memoryGateway.query)).toMatchObject({ hit: true, reserved: before.reserved + 1 });
  });
});
