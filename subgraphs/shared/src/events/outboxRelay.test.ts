import pino from "pino";
import type { DomainEvent } from "./domainEvent";
import type { EventPublisher } from "./eventPublisher";
import { OutboxRelay, type OutboxStore } from "./outboxRelay";

/** An outbox in memory: the relay's contract with a table, nothing more. */
class MemoryOutbox implements OutboxStore {
  readonly rows: (DomainEvent & { published: boolean })[] = [];
  reads = 0;

  add(count: number): void {
    for (let index = 0; index < count; index++) {
      const id = String(this.rows.length).padStart(6, "0");
      this.rows.push({ id, type: "Tested", source: "test", aggregateId: id, occurredAt: new Date().toISOString(), payload: {}, published: false });
    }
  }

  async pending(limit: number): Promise<DomainEvent[]> {
    this.reads += 1;
    return this.rows.filter((row) => !row.published).slice(0, limit);
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    for (const row of this.rows) if (ids.includes(row.id)) row.published = true;
  }
}

class FlakyPublisher implements EventPublisher {
  readonly kind = "flaky";
  readonly published: string[] = [];
  failing = false;

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (this.failing) throw new Error("publisher down");
    this.published.push(...events.map((event) => event.id));
  }

  async close(): Promise<void> {}
}

const logger = pino({ level: "silent" });

describe("OutboxRelay", () => {
  it("relays what a crash left behind at start, then what each commit wrote, in order and in batches", async () => {
    const outbox = new MemoryOutbox();
    const publisher = new FlakyPublisher();
    outbox.add(5);
    const relay = new OutboxRelay({ store: outbox, publisher, logger, batchSize: 2 });
    relay.start();
    await relay.flush();
    expect(publisher.published).toEqual(["000000", "000001", "000002", "000003", "000004"]);

    outbox.add(1);
    relay.nudge();
    await relay.flush();
    expect(publisher.published).toHaveLength(6);
    await relay.stop();
  });

  it("sends no query while idle", async () => {
    const outbox = new MemoryOutbox();
    const relay = new OutboxRelay({ store: outbox, publisher: new FlakyPublisher(), logger, retryIntervalMs: 10 });
    relay.start();
    await relay.flush();
    const reads = outbox.reads;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(outbox.reads).toBe(reads);
    await relay.stop();
  });

  it("keeps events while the publisher fails, retries on its own, and publishes each once it is back", async () => {
    const outbox = new MemoryOutbox();
    const publisher = new FlakyPublisher();
    const relay = new OutboxRelay({ store: outbox, publisher, logger, retryIntervalMs: 10 });
    relay.start();
    publisher.failing = true;
    outbox.add(3);
    relay.nudge();
    await relay.flush();
    expect(publisher.published).toEqual([]);
    expect(outbox.rows.every((row) => !row.published)).toBe(true);

    publisher.failing = false;
    for (let attempt = 0; attempt < 100 && publisher.published.length < 3; attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(publisher.published).toEqual(["000000", "000001", "000002"]);
    await relay.stop();
  });
});
