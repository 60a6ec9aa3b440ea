import type { Redis } from "ioredis";
import { ioredis } from "../redis/ioredis";
import { DOMAIN_EVENTS_CHANNEL, type DomainEvent } from "./domainEvent";
import type { EventPublisher } from "./eventPublisher";

/** How many events the stream keeps (approximately): enough for a consumer that was away a while. */
const STREAM_MAX_LENGTH = 100_000;

/**
 * Publishes each event twice on Redis, in one MULTI: appended to the stream `commerce:events`
 * (XADD, for consumers that must not miss anything: they read from their last id) and to the
 * pub/sub channel of the same name (for live listeners such as cache invalidation).
 */
export class RedisEventPublisher implements EventPublisher {
  readonly kind = "redis";
  private readonly redis: Redis;

  constructor(redisUrl: string) {
    // Fail a publish quickly rather than queueing it: the outbox keeps the event and the relay retries.
    this.redis = new (ioredis().Redis)(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectionName: "domain-events" });
    this.redis.on("error", () => undefined); // reported by the relay, which sees every failed publish
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (this.redis.status === "wait") await this.redis.connect();
    const transaction = this.redis.multi();
    for (const event of events) {
      const message = JSON.stringify(event);
      transaction.xadd(DOMAIN_EVENTS_CHANNEL, "MAXLEN", "~", STREAM_MAX_LENGTH, "*", "event", message);
      transaction.publish(DOMAIN_EVENTS_CHANNEL, message);
    }
    const results = await transaction.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error("the Redis transaction was discarded");
  }

  /** PING on the publishing connection (connecting it first if it never was); fails at once while it is down (no offline queue). */
  async ping(): Promise<void> {
    if (this.redis.status === "wait") await this.redis.connect();
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
