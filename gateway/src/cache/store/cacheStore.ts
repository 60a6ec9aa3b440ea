/**
 * Where the gateway's caches keep their entries: Redis (shared by every gateway instance) when
 * REDIS_URL is set, an in-process LRU otherwise. Entries are strings with a time to live and the
 * tags of what they contain; `invalidate` drops every entry carrying one of the tags.
 *
 * The race every tag-invalidated cache has: a read computed before a change may be written after
 * the change was invalidated, and would then serve stale data for its whole TTL. So every
 * invalidation advances a sequence number, a reader notes it before computing (`lookup` returns
 * it with a miss), and `set` stores only if no invalidation happened in between.
 */
export interface CacheStore {
  readonly kind: "redis" | "memory";
  /** The first of `keys` that holds an entry, or a miss with the invalidation sequence to hand back to `set`. */
  lookup(keys: readonly string[]): Promise<CacheLookup>;
  /** Every key's entry (undefined where none), with the invalidation sequence to hand back to `set`. */
  lookupEach(keys: readonly string[]): Promise<{ values: (string | undefined)[]; sequence: string }>;
  /**
   * Stores unless an invalidation happened since `sequence` was read (without a sequence, for
   * entries no invalidation concerns, such as persisted queries: always); true when stored.
   */
  set(key: string, value: string, ttlSeconds: number, tags: readonly string[], sequence?: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Drops every entry tagged with one of `tags`; resolves with how many were dropped. */
  invalidate(tags: readonly string[]): Promise<number>;
  /** Drops everything this store holds (after an outage, when invalidations may have been lost). */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export type CacheLookup = { hit: true; key: string; value: string } | { hit: false; sequence: string };
