import { Redis } from "ioredis";
import { DOMAIN_EVENTS_CHANNEL, type DomainEvent, InProcessEventPublisher } from "@subgraph-kit/events";
import type { RunningSubgraph } from "@subgraph-kit/server";

export interface EventCollector {
  events: DomainEvent[];
  stop(): Promise<void>;
}

/**
 * Collects the domain events a subgraph publishes from now on, wherever it publishes them: its
 * in-process publisher, or the Redis pub/sub channel when the subgraph runs with Redis
 * (TEST_REDIS_URL). Call `subgraph.events.flush()` before reading `events`.
 */
export async function collectDomainEvents(subgraph: RunningSubgraph<unknown>): Promise<EventCollector> {
  const events: DomainEvent[] = [];
  const { publisher } = subgraph.events;
  if (publisher instanceof InProcessEventPublisher) {
    const unsubscribe = publisher.subscribe((event) => events.push(event));
    return { events, stop: async () => unsubscribe() };
  }
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) throw new Error(`subgraph ${subgraph.name} publishes to ${publisher.kind}, but TEST_REDIS_URL is not set`);
  const subscriber = new Redis(redisUrl);
  subscriber.on("message", (_channel: string, message: string) => {
    const event = JSON.parse(message) as DomainEvent;
    if (event.source === subgraph.name) events.push(event);
  });
  await subscriber.subscribe(DOMAIN_EVENTS_CHANNEL);
  return {
    events,
    async stop() {
      subscriber.disconnect();
    },
  };
}
