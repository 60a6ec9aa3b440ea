import { captureLogs } from "../../../../test/gateway/support/captureLogs";
import { redisServerAvailable, type RedisServerProcess, startRedisServer } from "../../../../test/support/redisServerProcess";
import { createCacheStore } from "./createCacheStore";
import type { ResilientCacheStore } from "./resilientCacheStore";

/**
 * The cache store when Redis goes away: requests are answered without it (misses, skipped
 * writes), one warning per outage, and caching resumes by itself, with a clean slate. Against a
 * redis-server process of the test's own, killed and frozen for real.
 */
const describeWithRedis = redisServerAvailable() ? describe : describe.skip;

describeWithRedis("the Redis cache store through an outage", () => {
  let redis: RedisServerProcess;

  beforeEach(async () => {
    redis = await startRedisServer();
  });

  afterEach(async () => {
    await redis.stop();
  });

  async function until(condition: () => boolean, what: string): Promise<void> {
    for (let attempt = 0; attempt < 100 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!condition()) throw new Error(`${what} did not happen within 10 s`);
  }

  it("answers without Redis while it is dead, warns once, and resumes when it is back", async () => {
    const logs = captureLogs("debug");
    const store: ResilientCacheStore = await createCacheStore(redis.url, logs.logger);
    try {
      await store.set("k", "v", 60, ["t"]);
      expect((await store.lookup(["k"])).hit).toBe(true);

      await redis.kill();
      for (let request = 0; request < 20; request++) {
        expect((await store.lookup(["k"])).hit).toBe(false);
        expect(await store.set("k", "v", 60, ["t"], "0")).toBe(false);
        expect(await store.invalidate(["t"])).toBe(0);
      }
      expect(store.status()).toMatchObject({ kind: "redis", state: "down" });
      expect(store.status().bypassed).toBeGreaterThanOrEqual(59);
      expect(logs.records.filter((record) => record.level === 40)).toHaveLength(1);

      await redis.restart();
      await until(() => store.status().state === "up", "recovery");
      expect(logs.records.filter((record) => /resumed caching/.test(record.msg))).toHaveLength(1);
      const miss = await store.lookup(["k"]);
      expect(miss.hit).toBe(false);
      expect(await store.set("k", "again", 60, ["t"], miss.hit ? undefined : miss.sequence)).toBe(true);
      expect(await store.lookup(["k"])).toMatchObject({ hit: true, value: "again" });
    } finally {
      await store.close();
    }
  });

  it("starts without Redis, and caches once Redis answers", async () => {
    await redis.kill();
    const logs = captureLogs();
    const store = await createCacheStore(redis.url, logs.logger);
    try {
      expect(store.status().state).toBe("down");
      expect((await store.lookup(["k"])).hit).toBe(false);
      await redis.restart();
      await until(() => store.status().state === "up", "recovery");
      expect(await store.set("k", "v", 60, [])).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("gives up on a Redis that accepts but does not answer, and clears what may have missed an invalidation", async () => {
    const store = await createCacheStore(redis.url, captureLogs().logger);
    try {
      await store.set("price", "old", 60, ["e:ProductVariant:{\"sku\":\"X\"}"]);
      redis.freeze();
      // The invalidation cannot reach Redis: the entry would be stale when Redis comes back.
      expect(await store.invalidate(["e:ProductVariant:{\"sku\":\"X\"}"])).toBe(0);
      expect(store.status().state).toBe("down");
      redis.thaw();
      await until(() => store.status().state === "up", "recovery");
      expect((await store.lookup(["price"])).hit).toBe(false);
    } finally {
      await store.close();
    }
  });
});
