import type { Logger } from "@platform/logging";
import { Outage, type OutageStatus } from "../../redis";
import type { CacheLookup, CacheStore } from "./cacheStore";

/** A miss handed out while the store is down: `set` with it stores nothing. */
const BYPASS = "bypass";

export interface CacheStoreStatus extends OutageStatus {
  kind: CacheStore["kind"];
  /** Operations answered without the store since start (misses, skipped writes, invalidations left to the recovery flush). */
  bypassed: number;
}

/**
 * Keeps the gateway serving when its cache store fails: the first error marks the store down
 * (one warning, not one per request), every operation is then answered without it (a miss, a
 * skipped write), and a probe every `probeIntervalMs` brings it back. Invalidations that could
 * not be made while it was down may have left stale entries, so the store is cleared before it
 * is used again (one info line when it is).
 */
export class ResilientCacheStore implements CacheStore {
  readonly kind: CacheStore["kind"];
  private bypassed = 0;
  private readonly outage: Outage;

  constructor(
    private readonly inner: CacheStore & { ping?(): Promise<unknown> },
    logger: Logger,
    probeIntervalMs = 1000,
  ) {
    this.kind = inner.kind;
    this.outage = new Outage({
      logger,
      probeIntervalMs,
      probe: async () => {
        await inner.ping?.();
        await inner.clear();
      },
      fields: { cache: this.kind },
      messages: {
        down: `cache store (${this.kind}) failed: serving without the cache until it answers again`,
        up: `cache store (${this.kind}) answers again: cleared it (invalidations may have been missed) and resumed caching`,
      },
    });
  }

  /** Runs the store's first connection; a failure only marks the store down (start-up goes on without it). */
  async start(connect: () => Promise<void>): Promise<void> {
    try {
      await connect();
    } catch (error) {
      this.outage.markDown(error);
    }
  }

  status(): CacheStoreStatus {
    return { kind: this.kind, ...this.outage.status(), bypassed: this.bypassed };
  }

  async lookup(keys: readonly string[]): Promise<CacheLookup> {
    return this.guard(() => this.inner.lookup(keys), { hit: false, sequence: BYPASS });
  }

  async lookupEach(keys: readonly string[]): Promise<{ values: (string | undefined)[]; sequence: string }> {
    return this.guard(() => this.inner.lookupEach(keys), { values: keys.map(() => undefined), sequence: BYPASS });
  }

  async set(key: string, value: string, ttlSeconds: number, tags: readonly string[], sequence?: string): Promise<boolean> {
    if (sequence === BYPASS) return false;
    return this.guard(() => this.inner.set(key, value, ttlSeconds, tags, sequence), false);
  }

  async delete(key: string): Promise<void> {
    await this.guard(() => this.inner.delete(key), undefined);
  }

  async invalidate(tags: readonly string[]): Promise<number> {
    return this.guard(() => this.inner.invalidate(tags), 0);
  }

  async clear(): Promise<void> {
    await this.guard(() => this.inner.clear(), undefined);
  }

  async close(): Promise<void> {
    this.outage.close();
    await this.inner.close();
  }

  private async guard<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    if (this.outage.down) {
      this.bypassed += 1;
      return fallback;
    }
    try {
      return await operation();
    } catch (error) {
      this.outage.markDown(error);
      this.bypassed += 1;
      return fallback;
    }
  }
}
