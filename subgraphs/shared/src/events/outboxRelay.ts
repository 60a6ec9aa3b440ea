import type { Logger } from "@platform/logging";
import type { DomainEvent } from "./domainEvent";
import type { EventPublisher } from "./eventPublisher";

/** A domain's outbox table, as the relay needs it. */
export interface OutboxStore {
  /** Unpublished events, oldest first. */
  pending(limit: number): Promise<DomainEvent[]>;
  markPublished(ids: readonly string[]): Promise<void>;
  /** How many events are unpublished and when the oldest occurred (the metrics read it at each scrape). */
  backlog?(): Promise<{ count: number; oldestAt: Date | null }>;
}

export interface OutboxRelayOptions {
  store: OutboxStore;
  publisher: EventPublisher;
  logger: Logger;
  /** How soon a failed relay is tried again. */
  retryIntervalMs?: number;
  batchSize?: number;
  /** Told of every batch published (metrics: relay lag). */
  onRelayed?(events: readonly DomainEvent[]): void;
}

/**
 * Moves events from a domain's outbox to the publisher: once at start (what a crash left behind),
 * then after every commit that wrote one (the service calls `nudge()`). One pass at a time; a
 * failed pass is logged once per outage and retried every `retryIntervalMs` until it succeeds.
 * An idle relay sends no query at all.
 */
export class OutboxRelay {
  private readonly retryIntervalMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failing = false;
  private stopped = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.retryIntervalMs = options.retryIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 100;
  }

  start(): void {
    this.nudge();
  }

  /** Relay now: a transaction that wrote events has just committed. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Resolves when everything written so far has been relayed (or the publisher failed). */
  async flush(): Promise<void> {
    this.nudge();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private retryLater(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nudge();
    }, this.retryIntervalMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    const { store, publisher, logger } = this.options;
    try {
      for (;;) {
        const events = await store.pending(this.batchSize);
        if (events.length === 0) break;
        await publisher.publish(events);
        await store.markPublished(events.map((event) => event.id));
        this.options.onRelayed?.(events);
        if (events.length < this.batchSize) break;
      }
      if (this.failing) logger.info({ publisher: publisher.kind }, "domain events are being published again");
      this.failing = false;
    } catch (error) {
      if (!this.failing) logger.warn({ err: error, publisher: publisher.kind }, "cannot publish domain events; they stay in the outbox and are retried");
      this.failing = true;
      this.retryLater();
    }
  }
}
