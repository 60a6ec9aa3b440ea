import type { Redis } from "ioredis";
import { ioredis } from "../redis";
import { INVALIDATIONS_CHANNEL, parseInvalidationMessage } from "@platform/invalidation";
import type { Logger } from "@platform/logging";
import type { CacheMetrics } from "./cacheMetrics";
import type { CacheStore } from "./store";

export interface BackgroundInvalidationsStatus {
  channel: string;
  /** `subscribed` while messages arrive; `connecting` before the first subscription and while Redis is away. */
  state: "connecting" | "subscribed";
  /** Messages received and the cache entries they dropped, since start. */
  received: number;
  invalidated: number;
}

export interface BackgroundInvalidationsOptions {
  redisUrl: string;
  store: CacheStore;
  metrics: CacheMetrics;
  logger: Logger;
}

/**
 * Listens on `commerce:invalidations`, where subgraphs publish the tags their background work
 * (work outside any gateway request, such as the orders subgraph's release sweeper) made stale,
 * and invalidates them in the cache store, counted like a mutation's (response layer).
 *
 * Its own Redis connection (a subscribed connection can issue nothing else). It never fails the
 * gateway: while Redis is away it reconnects at most a second apart and ioredis subscribes again
 * by itself; a message published meanwhile is lost, so the cached answers it concerned live out
 * their TTL (unless the outage also took the cache store down: the store is cleared when it
 * recovers). With the store shared, every gateway invalidates the same tags: one receiving the
 * message is enough for all, the others' calls find nothing more to drop.
 */
export class BackgroundInvalidations {
  private readonly redis: Redis;
  private state: BackgroundInvalidationsStatus["state"] = "connecting";
  private received = 0;
  private invalidated = 0;
  private failing = false;
  private closed = false;
  private subscribedOnce = false;
  private processing: Promise<void> = Promise.resolve();

  constructor(private readonly options: BackgroundInvalidationsOptions) {
    this.redis = new (ioredis().Redis)(options.redisUrl, {
      lazyConnect: true,
      // The SUBSCRIBE waits for Redis however long it takes (a gateway may start before Redis).
      maxRetriesPerRequest: null,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
      autoResubscribe: true,
      connectionName: "gateway-invalidations",
    });
    this.redis.on("message", (channel: string, message: string) => {
      if (channel === INVALIDATIONS_CHANNEL) this.enqueue(message);
    });
    this.redis.on("error", (error: Error) => {
      if (this.failing || this.closed) return;
      this.failing = true;
      options.logger.warn({ err: error, channel: INVALIDATIONS_CHANNEL }, "background invalidations: Redis unreachable; reconnecting (changes made meanwhile are left to the TTL)");
    });
    this.redis.on("close", () => {
      if (!this.closed) this.state = "connecting";
    });
    // On every reconnection ioredis sends the SUBSCRIBE again (autoResubscribe) as it becomes ready.
    this.redis.on("ready", () => {
      if (this.subscribedOnce) this.markSubscribed();
    });
  }

  /** Starts subscribing; resolves at once (the subscription completes whenever Redis answers). */
  start(): this {
    this.redis.subscribe(INVALIDATIONS_CHANNEL).then(
      () => this.markSubscribed(),
      (error: unknown) => {
        if (!this.closed) this.options.logger.error({ err: error }, "background invalidations: cannot subscribe; cached answers changed in the background live out their TTL");
      },
    );
    return this;
  }

  status(): BackgroundInvalidationsStatus {
    return { channel: INVALIDATIONS_CHANNEL, state: this.state, received: this.received, invalidated: this.invalidated };
  }

  /** Resolves once every message received so far has been applied (tests). */
  async settled(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.processing;
      await current;
    } while (current !== this.processing);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.redis.disconnect();
    await this.settled();
  }

  private markSubscribed(): void {
    if (this.closed) return;
    const recovered = this.failing;
    this.subscribedOnce = true;
    this.state = "subscribed";
    this.failing = false;
    if (recovered) this.options.logger.info({ channel: INVALIDATIONS_CHANNEL }, "background invalidations: subscribed again");
  }

  /** One message at a time, in the order they arrived. */
  private enqueue(raw: string): void {
    this.processing = this.processing.then(() => this.apply(raw));
  }

  private async apply(raw: string): Promise<void> {
    const { store, metrics, logger } = this.options;
    const message = parseInvalidationMessage(raw);
    if (!message) {
      logger.warn({ channel: INVALIDATIONS_CHANNEL, message: raw.slice(0, 200) }, "background invalidations: ignored a message that is not one");
      return;
    }
    this.received += 1;
    if (message.tags.length === 0) return;
    try {
      // The resilient store never throws: while it is down this drops nothing, and it is cleared when it recovers.
      const dropped = await store.invalidate(message.tags);
      this.invalidated += dropped;
      metrics.count("response", "invalidations");
      metrics.count("response", "invalidated", dropped);
      logger.debug({ source: message.source, tags: message.tags, dropped }, "invalidated cached answers changed in the background");
    } catch (error) {
      logger.warn({ err: error, source: message.source }, "background invalidations: invalidating failed; the TTL is the backstop");
    }
  }
}
