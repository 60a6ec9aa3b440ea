import { LRUCache } from "lru-cache";
import type { CacheLookup, CacheStore } from "./cacheStore";

interface MemoryEntry {
  value: string;
  tags: readonly string[];
}

/** The in-process store: an LRU bounded by entry count, each entry with its own TTL, and an index from tag to keys. */
export class MemoryCacheStore implements CacheStore {
  readonly kind = "memory";
  private sequence = 0;
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly entries: LRUCache<string, MemoryEntry>;

  constructor(maxEntries = 10_000) {
    this.entries = new LRUCache<string, MemoryEntry>({
      max: maxEntries,
      ttlAutopurge: false,
      // Evicted, expired, replaced or deleted: the tag index forgets the key.
      dispose: (entry, key) => this.unindex(key, entry.tags),
    });
  }

  async lookup(keys: readonly string[]): Promise<CacheLookup> {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry) return { hit: true, key, value: entry.value };
    }
    return { hit: false, sequence: String(this.sequence) };
  }

  async lookupEach(keys: readonly string[]): Promise<{ values: (string | undefined)[]; sequence: string }> {
    return { values: keys.map((key) => this.entries.get(key)?.value), sequence: String(this.sequence) };
  }

  async set(key: string, value: string, ttlSeconds: number, tags: readonly string[], sequence?: string): Promise<boolean> {
    if ((sequence !== undefined && sequence !== String(this.sequence)) || ttlSeconds <= 0) return false;
    this.entries.set(key, { value, tags }, { ttl: ttlSeconds * 1000 });
    for (const tag of tags) {
      let keys = this.keysByTag.get(tag);
      if (!keys) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async invalidate(tags: readonly string[]): Promise<number> {
    this.sequence += 1;
    let dropped = 0;
    for (const tag of tags) {
      for (const key of [...(this.keysByTag.get(tag) ?? [])]) {
        if (this.entries.delete(key)) dropped += 1;
      }
      this.keysByTag.delete(tag);
    }
    return dropped;
  }

  async clear(): Promise<void> {
    this.sequence += 1;
    this.entries.clear();
    this.keysByTag.clear();
  }

  async close(): Promise<void> {
    await this.clear();
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysByTag.delete(tag);
    }
  }
}
