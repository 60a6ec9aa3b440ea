import { Redis } from "ioredis";
import { INVALIDATIONS_CHANNEL } from "@platform/invalidation";
import { RedisInvalidationPublisher } from "@subgraph-kit/cache";
import { captureLogs, eventually } from "../../../test/gateway/support/captureLogs";
import { redisServerAvailable, type RedisServerProcess, startRedisServer } from "../../../test/support/redisServerProcess";
import { BackgroundInvalidations } from "./backgroundInvalidations";
import { CacheMetrics } from "./cacheMetrics";
import { MemoryCacheStore } from "./store";

/**
 * The gateway's side of background invalidation: what subgraphs publish on commerce:invalidations
 * is invalidated in the cache store and counted, through Redis outages. Against a redis-server
 * process of the test's own, killed and restarted for real.
 */
(redisServerAvailable() ? describe : describe.skip)("background invalidations (a redis-server of the test's own)", () => {
  let redis: RedisServerProcess;
  const open: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    redis = await startRedisServer();
  });

  afterEach(async () => {
    for (const resource of open.splice(0).reverse()) await resource.close();
    await redis.stop();
  });

  function start(redisUrl = redis.url) {
    const store = new MemoryCacheStore();
    const metrics = new CacheMetrics();
    const logs = captureLogs("debug");
    const subscriber = new BackgroundInvalidations({ redisUrl, store, metrics, logger: logs.logger }).start();
    const publisher = new RedisInvalidationPublisher(redisUrl);
    open.push(subscriber, publisher);
    const publish = (tags: string[]) => publisher.publish({ source: "orders", tags, publishedAt: new Date().toISOString() });
    const subscribed = () => eventually(async () => (subscriber.status().state === "subscribed" ? true : undefined), 10_000, "the subscription");
    return { store, metrics, logs, subscriber, publish, subscribed };
  }

  /** Publishes until the subscriber has received one more message (a publish before the re-subscription reaches nobody). */
  async function publishUntilReceived(gateway: ReturnType<typeof start>, tags: string[]): Promise<void> {
    const before = gateway.subscriber.status().received;
    await eventually(
      async () => {
        await gateway.publish(tags).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await gateway.subscriber.settled();
        return gateway.subscriber.status().received > before ? true : undefined;
      },
      10_000,
      "a message to arrive",
    );
  }

  it("drops the cached entries carrying a published tag, and counts the invalidation", async () => {
    const gateway = start();
    await gateway.subscribed();
    await gateway.store.set("availability of A", "{}", 30, ['e:ProductVariant:{"sku":"A"}', "r:inventory"]);
    await gateway.store.set("product B", "{}", 300, ['e:Product:{"id":"B"}']);

    await gateway.publish(['e:ProductVariant:{"sku":"A"}']);
    await eventually(async () => (gateway.subscriber.status().received === 1 ? true : undefined), 5000, "the message");
    await gateway.subscriber.settled();

    expect((await gateway.store.lookup(["availability of A"])).hit).toBe(false);
    expect((await gateway.store.lookup(["product B"])).hit).toBe(true);
    expect(gateway.metrics.snapshot().response).toMatchObject({ invalidations: 1, invalidated: 1 });
    expect(gateway.subscriber.status()).toEqual({ channel: INVALIDATIONS_CHANNEL, state: "subscribed", received: 1, invalidated: 1 });
  });

  it("ignores a message that is not one, and goes on", async () => {
    const gateway = start();
    await gateway.subscribed();
    const other = new Redis(redis.url);
    try {
      await other.publish(INVALIDATIONS_CHANNEL, "{not json");
      await gateway.logs.waitFor((record) => record.msg === "background invalidations: ignored a message that is not one");
    } finally {
      other.disconnect();
    }
    await gateway.store.set("k", "{}", 30, ["r:inventory"]);
    await gateway.publish(["r:inventory"]);
    await eventually(async () => ((await gateway.store.lookup(["k"])).hit ? undefined : true), 5000, "the invalidation");
  });

  it("survives Redis dying and coming back: warns once, subscribes again by itself, and invalidates again", async () => {
    const gateway = start();
    await gateway.subscribed();

    await redis.kill();
    await eventually(async () => (gateway.subscriber.status().state === "connecting" ? true : undefined), 5000, "noticing the outage");
    await new Promise((resolve) => setTimeout(resolve, 1500)); // several failed reconnections
    await redis.restart();
    await gateway.subscribed();

    await gateway.store.set("k", "{}", 30, ["r:inventory"]);
    await publishUntilReceived(gateway, ["r:inventory"]);
    expect((await gateway.store.lookup(["k"])).hit).toBe(false);
    const warnings = gateway.logs.records.filter((record) => record.level === 40).map((record) => record.msg);
    expect(warnings).toEqual(["background invalidations: Redis unreachable; reconnecting (changes made meanwhile are left to the TTL)"]);
    await gateway.logs.waitFor((record) => record.msg === "background invalidations: subscribed again");
  });

  it("starts before Redis does: subscribes once it answers", async () => {
    await redis.kill();
    const gateway = start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(gateway.subscriber.status().state).toBe("connecting");
    await redis.restart();
    await gateway.subscribed();

    await gateway.store.set("k", "{}", 30, ["r:inventory"]);
    await publishUntilReceived(gateway, ["r:inventory"]);
    expect((await gateway.store.lookup(["k"])).hit).toBe(false);
  });
});
