import { EventEmitter } from "node:events";
import type { DomainEvent } from "./domainEvent";

/** Where relayed events go. The outbox relay calls `publish` in event order and retries what failed. */
export interface EventPublisher {
  readonly kind: string;
  publish(events: readonly DomainEvent[]): Promise<void>;
  /** Checks the connection the events go over (readiness); absent when there is none (in-process). */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The default without Redis: events are delivered to listeners in this process only (tests,
 * the embedded single-machine mode). They are still recorded in the outbox first, so switching
 * to Redis later loses nothing that was not yet relayed.
 */
export class InProcessEventPublisher implements EventPublisher {
  readonly kind = "in-process";
  private readonly emitter = new EventEmitter();

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) this.emitter.emit("event", event);
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
