import type { Redis } from "ioredis";
import { failFastRedis } from "../../redis";
import type { CacheLookup, CacheStore } from "./cacheStore";

/** Stores only when the invalidation sequence is still the one read before computing the value (or none was given). */
const SET_UNLESS_INVALIDATED = `
if ARGV[3] ~= '' and (redis.call('GET', KEYS[1]) or '0') ~= ARGV[3] then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
local ttl = tonumber(ARGV[2])
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[2])
  if redis.call('TTL', KEYS[i]) < ttl then redis.call('EXPIRE', KEYS[i], ttl) end
end
return 1`;

/** Advances the sequence, then drops every entry of every tag and the tags themselves. */
const INVALIDATE_TAGS = `
redis.call('INCR', KEYS[1])
local dropped = 0
for i = 2, #KEYS do
  local keys = redis.call('SMEMBERS', KEYS[i])
  for j = 1, #keys, 500 do
    dropped = dropped + redis.call('UNLINK', unpack(keys, j, math.min(j + 499, #keys)))
  end
  redis.call('UNLINK', KEYS[i])
end
return dropped`;

export interface RedisCacheStoreOptions {
  /** Prefix of every key this store writes ("gw:" by default); gateways sharing it share the cache. */
  prefix?: string;
}

/**
 * The shared store: entries as Redis strings with EX, each tag a Redis set of entry keys, one
 * sequence counter. Both writes are Lua scripts, so a set and an invalidation never interleave.
 * Commands fail at once while Redis is unreachable (no offline queue): the caller decides to
 * bypass the cache rather than wait.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = "redis";
  readonly redis: Redis;
  readonly prefix: string;

  constructor(url: string, options: RedisCacheStoreOptions = {}) {
    this.prefix = options.prefix ?? "gw:";
    // A Redis that is down or does not answer never holds a request: the cache is bypassed, and comes back on its own.
    this.redis = failFastRedis(url, "gateway-cache");
    this.redis.defineCommand("setUnlessInvalidated", { lua: SET_UNLESS_INVALIDATED });
    this.redis.defineCommand("invalidateTags", { lua: INVALIDATE_TAGS });
  }

  async connect(): Promise<void> {
    await this.redis.connect();
  }

  /** One round trip: the entries and the sequence in a single MGET. */
  async lookup(keys: readonly string[]): Promise<CacheLookup> {
    const values = await this.redis.mget(...keys.map((key) => this.entryKey(key)), this.sequenceKey);
    const index = values.findIndex((value, position) => position < keys.length && value != null);
    return index >= 0 ? { hit: true, key: keys[index]!, value: values[index]! } : { hit: false, sequence: values[keys.length] ?? "0" };
  }

  async lookupEach(keys: readonly string[]): Promise<{ values: (string | undefined)[]; sequence: string }> {
    const values = await this.redis.mget(...keys.map((key) => this.entryKey(key)), this.sequenceKey);
    return { values: values.slice(0, keys.length).map((value) => value ?? undefined), sequence: values[keys.length] ?? "0" };
  }

  async set(key: string, value: string, ttlSeconds: number, tags: readonly string[], sequence?: string): Promise<boolean> {
    if (ttlSeconds <= 0) return false;
    const keys = [this.sequenceKey, this.entryKey(key), ...tags.map((tag) => this.tagKey(tag))];
    const stored = await (this.redis as RedisWithScripts).setUnlessInvalidated(keys.length, ...keys, value, String(Math.ceil(ttlSeconds)), sequence ?? "");
    return stored === 1;
  }

  async delete(key: string): Promise<void> {
    await this.redis.unlink(this.entryKey(key));
  }

  async invalidate(tags: readonly string[]): Promise<number> {
    const keys = [this.sequenceKey, ...tags.map((tag) => this.tagKey(tag))];
    return (this.redis as RedisWithScripts).invalidateTags(keys.length, ...keys);
  }

  /** Drops every key under the prefix (SCAN, not KEYS: it never blocks Redis) and advances the sequence. */
  async clear(): Promise<void> {
    await this.redis.incr(this.sequenceKey);
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", `${this.prefix}[ct]:*`, "COUNT", 1000);
      if (keys.length > 0) await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private entryKey(key: string): string {
    return `${this.prefix}c:${key}`;
  }

  private tagKey(tag: string): string {
    return `${this.prefix}t:${tag}`;
  }

  private get sequenceKey(): string {
    return `${this.prefix}seq`;
  }
}

type RedisWithScripts = Redis & {
  setUnlessInvalidated(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>;
  invalidateTags(numberOfKeys: number, ...keys: string[]): Promise<number>;
};
