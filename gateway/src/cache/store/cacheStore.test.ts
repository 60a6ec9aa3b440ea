import { randomUUID } from "node:crypto";
import type { CacheStore } from "./cacheStore";
import { MemoryCacheStore } from "./memoryCacheStore";
import { RedisCacheStore } from "./redisCacheStore";

/**
 * One contract, two stores: the in-process LRU always, Redis when TEST_REDIS_URL is set (each run
 * under its own key prefix, so parallel runs and other suites never meet).
 */
const redisUrl = process.env.TEST_REDIS_URL;
const stores: [string, () => Promise<CacheStore>][] = [
  ["memory", async () => new MemoryCacheStore(100)],
  ...(redisUrl
    ? ([
        [
          "redis",
          async () => {
            const store = new RedisCacheStore(redisUrl, { prefix: `gw-test-${randomUUID()}:` });
            await store.connect();
            return store;
          },
        ],
      ] as [string, () => Promise<CacheStore>][])
    : []),
];

describe.each(stores)("the %s cache store", (_kind, open) => {
  let store: CacheStore;

  beforeEach(async () => {
    store = await open();
  });

  afterEach(async () => {
    await store.clear();
    // clear() keeps the sequence (it must only advance); a test store leaves nothing behind in the shared Redis.
    if (store instanceof RedisCacheStore) await store.redis.unlink(`${store.prefix}seq`);
    await store.close();
  });

  async function missSequence(key: string): Promise<string> {
    const lookup = await store.lookup([key]);
    if (lookup.hit) throw new Error(`expected a miss for ${key}`);
    return lookup.sequence;
  }

  it("misses, stores, then hits the first key of a lookup that holds an entry", async () => {
    const sequence = await missSequence("a");
    expect(await store.set("a", "value a", 60, ["t1"], sequence)).toBe(true);
    expect(await store.lookup(["missing", "a"])).toEqual({ hit: true, key: "a", value: "value a" });
  });

  it("looks up many keys at once, each with its own answer", async () => {
    const { sequence } = await store.lookupEach(["x"]);
    await store.set("x", "X", 60, [], sequence);
    expect(await store.lookupEach(["x", "y", "x"])).toEqual({ values: ["X", undefined, "X"], sequence });
  });

  it("drops the entries of an invalidated tag, and only those", async () => {
    const sequence = await missSequence("a");
    await store.set("a", "A", 60, ["e:ProductVariant:{\"sku\":\"X\"}", "r:catalog"], sequence);
    await store.set("b", "B", 60, ["r:catalog"], sequence);
    await store.set("c", "C", 60, ["r:orders"], sequence);

    expect(await store.invalidate(["r:catalog"])).toBe(2);
    expect((await store.lookup(["a"])).hit).toBe(false);
    expect((await store.lookup(["b"])).hit).toBe(false);
    expect(await store.lookup(["c"])).toMatchObject({ hit: true, value: "C" });
    expect(await store.invalidate(["r:catalog", "e:nothing"])).toBe(0);
  });

  it("does not store a value computed before an invalidation (the read/invalidate race)", async () => {
    const before = await missSequence("slow-read");
    await store.invalidate(["r:inventory"]);
    expect(await store.set("slow-read", "stale", 60, ["r:inventory"], before)).toBe(false);
    expect((await store.lookup(["slow-read"])).hit).toBe(false);

    const after = await missSequence("slow-read");
    expect(after).not.toBe(before);
    expect(await store.set("slow-read", "fresh", 60, ["r:inventory"], after)).toBe(true);
  });

  it("stores without a sequence whatever happened (persisted queries), and never with a TTL of 0", async () => {
    await store.invalidate(["anything"]);
    expect(await store.set("apq:1", "{ a }", 60, [])).toBe(true);
    expect(await store.set("zero", "x", 0, [])).toBe(false);
    expect((await store.lookup(["zero"])).hit).toBe(false);
  });

  it("expires an entry after its TTL", async () => {
    await store.set("short", "x", 1, []);
    expect((await store.lookup(["short"])).hit).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await store.lookup(["short"])).hit).toBe(false);
  });

  it("deletes one entry, and clears all", async () => {
    await store.set("one", "1", 60, ["t"]);
    await store.set("two", "2", 60, ["t"]);
    await store.delete("one");
    expect((await store.lookup(["one"])).hit).toBe(false);
    await store.clear();
    expect((await store.lookup(["two"])).hit).toBe(false);
    expect(await store.invalidate(["t"])).toBe(0);
  });
});

describe("the memory cache store", () => {
  it("evicts the least recently used entry beyond its size, and its tags forget it", async () => {
    const store = new MemoryCacheStore(2);
    await store.set("a", "A", 60, ["t"]);
    await store.set("b", "B", 60, ["t"]);
    await store.lookup(["a"]);
    await store.set("c", "C", 60, ["t"]);
    expect((await store.lookup(["b"])).hit).toBe(false);
    expect(await store.invalidate(["t"])).toBe(2);
  });
});
