import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { DOMAIN_EVENTS_CHANNEL, type DomainEvent } from "./domainEvent";
import { RedisEventPublisher } from "./redisEventPublisher";

const redisUrl = process.env.TEST_REDIS_URL;

(redisUrl ? describe : describe.skip)("RedisEventPublisher (TEST_REDIS_URL)", () => {
  const event = (): DomainEvent => ({
    id: randomUUID(),
    type: "Tested",
    source: "test",
    aggregateId: "a-1",
    occurredAt: new Date().toISOString(),
    payload: { n: 1 },
  });

  it("appends each event to the stream and announces it on the channel", async () => {
    const subscriber = new Redis(redisUrl!);
    const reader = new Redis(redisUrl!);
    const publisher = new RedisEventPublisher(redisUrl!);
    try {
      const heard: DomainEvent[] = [];
      subscriber.on("message", (_channel: string, message: string) => heard.push(JSON.parse(message) as DomainEvent));
      await subscriber.subscribe(DOMAIN_EVENTS_CHANNEL);
      const sent = [event(), event()];
      await publisher.publish(sent);

      const tail = await reader.xrevrange(DOMAIN_EVENTS_CHANNEL, "+", "-", "COUNT", 2);
      expect(tail.map(([, fields]) => (JSON.parse(fields[1]!) as DomainEvent).id).reverse()).toEqual(sent.map((e) => e.id));
      for (let attempt = 0; attempt < 50 && heard.length < 2; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard.map((e) => e.id)).toEqual(sent.map((e) => e.id));
    } finally {
      subscriber.disconnect();
      reader.disconnect();
      await publisher.close();
    }
  });

  it("fails the publish, rather than queueing it, when Redis cannot be reached", async () => {
    const publisher = new RedisEventPublisher("redis://127.0.0.1:1");
    await expect(publisher.publish([event()])).rejects.toThrow();
    await publisher.close();
  });
});
