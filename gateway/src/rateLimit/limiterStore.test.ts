import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { captureLogs } from "../../../test/gateway/support/captureLogs";
import { redisServerAvailable, type RedisServerProcess, startRedisServer } from "../../../test/support/redisServerProcess";
import { LimiterStore } from "./limiterStore";

/**
 * The counters: in this process always, on Redis too when TEST_REDIS_URL is set (each test under
 * its own key prefix, removed afterwards), then through a Redis outage on a redis-server of the
 * test's own.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const kinds: [string, string | undefined][] = [["memory", undefined], ...(redisUrl ? ([["redis", redisUrl]] as [string, string][]) : [])];

describe.each(kinds)("the %s limiter store", (kind, url) => {
  let prefix: string;
  const opened: LimiterStore[] = [];
  const open = async () => {
    const store = await LimiterStore.open({ redisUrl: url, keyPrefix: prefix, logger: captureLogs().logger });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    prefix = `gw-test-${randomUUID()}:rl:`;
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    if (url) {
      const redis = new Redis(url);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.unlink(...keys);
      redis.disconnect();
    }
  });

  it("allows `points` requests in a window, then refuses with the time left in it", async () => {
    const limiter = (await open()).limiter("ip", 3, 60);
    const decisions = [];
    for (let request = 0; request < 5; request++) decisions.push(await limiter.consume("203.0.113.9"));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(decisions[3]).toMatchObject({ limit: 3 });
    expect(decisions[3]!.msBeforeNext).toBeGreaterThan(0);
    expect(decisions[3]!.msBeforeNext).toBeLessThanOrEqual(60_000);
  });

  it("counts each key, and each limiter, apart", async () => {
    const store = await open();
    const perIp = store.limiter("ip", 1, 60);
    const perKey = store.limiter("key", 1, 60);
    expect((await perIp.consume("a")).allowed).toBe(true);
    expect((await perIp.consume("a")).allowed).toBe(false);
    expect((await perIp.consume("b")).allowed).toBe(true);
    expect((await perKey.consume("a")).allowed).toBe(true);
    expect(store.status()).toMatchObject({ kind, state: "up", fallbacks: 0 });
  });

  (kind === "redis" ? it : it.skip)("shares the counters between stores with the same prefix (gateway instances)", async () => {
    const [one, another] = [(await open()).limiter("ip", 2, 60), (await open()).limiter("ip", 2, 60)];
    expect((await one.consume("a")).allowed).toBe(true);
    expect((await another.consume("a")).allowed).toBe(true);
    expect((await one.consume("a")).allowed).toBe(false);
    expect((await another.consume("a")).allowed).toBe(false);
  });
});

const describeWithRedis = redisServerAvailable() ? describe : describe.skip;

describeWithRedis("the Redis limiter store through an outage", () => {
  let redis: RedisServerProcess;
  let store: LimiterStore | undefined;

  beforeEach(async () => {
    redis = await startRedisServer();
  });

  afterEach(async () => {
    await store?.close();
    await redis.stop();
  });

  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let attempt = 0; attempt < 100 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!condition()) throw new Error(`${what} did not happen within 10 s`);
  }

  it("keeps deciding in memory while Redis is dead, warns once, and counts on Redis again when it is back", async () => {
    const logs = captureLogs();
    store = await LimiterStore.open({ redisUrl: redis.url, keyPrefix: "rl:", logger: logs.logger, probeIntervalMs: 100 });
    const limiter = store.limiter("ip", 5, 60);
    expect((await limiter.consume("a")).allowed).toBe(true);

    await redis.kill();
    const during = [];
    for (let request = 0; request < 8; request++) during.push((await limiter.consume("a")).allowed);
    // Still limited: five from memory, then refusals.
    expect(during).toEqual([true, true, true, true, true, false, false, false]);
    expect(store.status()).toMatchObject({ kind: "redis", state: "down", fallbacks: 8 });
    expect(logs.records.filter((record) => record.level === 40)).toHaveLength(1);

    await redis.restart();
    await until(() => store!.status().state === "up", "recovery");
    expect(logs.records.filter((record) => /Redis answers again/.test(record.msg))).toHaveLength(1);
    // The restarted Redis holds nothing: a fresh window.
    expect(await limiter.consume("a")).toMatchObject({ allowed: true, remaining: 4 });
    expect(store.status().fallbacks).toBe(8);
  });

  it("starts in memory when Redis cannot be reached", async () => {
    await redis.kill();
    const logs = captureLogs();
    store = await LimiterStore.open({ redisUrl: redis.url, keyPrefix: "rl:", logger: logs.logger, probeIntervalMs: 100 });
    expect(store.status().state).toBe("down");
    expect((await store.limiter("ip", 1, 60).consume("a")).allowed).toBe(true);
    expect(logs.records.filter((record) => record.level === 40)).toHaveLength(1);
  });

  it("gives up on a Redis that accepts but does not answer", async () => {
    store = await LimiterStore.open({ redisUrl: redis.url, keyPrefix: "rl:", logger: captureLogs().logger, probeIntervalMs: 100 });
    const limiter = store.limiter("ip", 2, 60);
    redis.freeze();
    expect((await limiter.consume("a")).allowed).toBe(true);
    expect(store.status().state).toBe("down");
    expect((await limiter.consume("a")).allowed).toBe(true);
    expect((await limiter.consume("a")).allowed).toBe(false);
    redis.thaw();
    await until(() => store!.status().state === "up", "recovery");
  });
});
