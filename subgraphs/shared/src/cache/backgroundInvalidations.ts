import type { Redis } from "ioredis";
import { ioredis } from "../redis/ioredis";
import type { Logger } from "@platform/logging";
import { INVALIDATIONS_CHANNEL, type InvalidationMessage } from "@platform/invalidation";
import { collectedInvalidations, collectInvalidations } from "./invalidations";

/** Where a subgraph's background invalidations go. */
export interface InvalidationPublisher {
  /** `none`: no Redis, so no gateway can be told; their TTLs are the backstop. */
  readonly kind: "redis" | "none";
  publish(message: InvalidationMessage): Promise<void>;
  close(): Promise<void>;
}

/** PUBLISH on INVALIDATIONS_CHANNEL; fails at once while Redis is unreachable (no offline queue). */
export class RedisInvalidationPublisher implements InvalidationPublisher {
  readonly kind = "redis";
  private readonly redis: Redis;

  constructor(redisUrl: string) {
    this.redis = new (ioredis().Redis)(redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      connectionName: "background-invalidations",
    });
    this.redis.on("error", () => undefined); // reported by the runner, which sees every failed publish
  }

  async publish(message: InvalidationMessage): Promise<void> {
    if (this.redis.status === "wait") await this.redis.connect();
    await this.redis.publish(INVALIDATIONS_CHANNEL, JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** Without Redis: the gateway (another process) cannot be reached; cached answers live out their TTL. */
export class DiscardingInvalidationPublisher implements InvalidationPublisher {
  readonly kind = "none";
  async publish(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Redis when the deployment has one (REDIS_URL, the one the gateways cache in), nothing otherwise. */
export function createInvalidationPublisher(redisUrl: string | undefined): InvalidationPublisher {
  return redisUrl ? new RedisInvalidationPublisher(redisUrl) : new DiscardingInvalidationPublisher();
}

/**
 * Runs one unit of background work (a sweep, a retry, a scheduled job) the way a GraphQL request
 * runs: with its own set of invalidation tags, so `reportInvalidation` in it, and the tags a
 * SubgraphClient call brings back, are collected. When the work ends (failed too: what it
 * committed before failing is stale all the same), the tags are published to the gateways.
 * Resolves with the work's result once they are published; a failed publish is logged, never thrown.
 */
export type BackgroundTaskRunner = <T>(task: () => Promise<T>) => Promise<T>;

export function createBackgroundTaskRunner(options: { source: string; publisher: InvalidationPublisher; logger: Logger }): BackgroundTaskRunner {
  const { source, publisher, logger } = options;
  let failing = false;

  const publish = async (tags: string[]) => {
    if (publisher.kind === "none") {
      logger.debug({ tags }, "background work changed cached data; without Redis no gateway is told (the TTL is the backstop)");
      return;
    }
    try {
      await publisher.publish({ source, tags, publishedAt: new Date().toISOString() });
      if (failing) logger.info("background invalidations are being published again");
      failing = false;
    } catch (error) {
      // Not retried: Redis is where the gateways cache, so an outage that loses this message also
      // takes the cache down (the gateway clears it when Redis answers again); otherwise the TTL is the backstop.
      if (!failing) logger.warn({ err: error, tags }, "cannot publish background invalidations; cached answers may be stale until their TTL");
      failing = true;
    }
  };

  return async <T>(task: () => Promise<T>): Promise<T> => {
    let tags: string[] = [];
    try {
      // A fresh set even when called from a request's async context (a timer set during a request
      // inherits it, and that request's response has long been sent).
      return await collectInvalidations(async () => {
        try {
          return await task();
        } finally {
          tags = collectedInvalidations();
        }
      });
    } finally {
      if (tags.length > 0) await publish(tags);
    }
  };
}
