import type { Logger } from "@platform/logging";

export interface OutageStatus {
  state: "up" | "down";
  /** When the dependency last changed state. */
  since: string;
}

export interface OutageOptions {
  logger: Logger;
  /** Succeeds once the dependency answers again (and whatever must happen before it is used again has happened). */
  probe: () => Promise<unknown>;
  probeIntervalMs: number;
  /** The one warning when it goes down, and the one info line when it is back. */
  messages: { down: string; up: string };
  /** Fields of both log lines (e.g. which cache store). */
  fields?: Record<string, unknown>;
}

/**
 * The "down, probe every second, recover" state of a dependency the gateway must serve without
 * (the cache store, the rate-limit counters): the first failure marks it down with one warning,
 * not one per request; callers skip it while `down`; a probe every `probeIntervalMs` brings it
 * back with one info line.
 */
export class Outage {
  private state: OutageStatus["state"] = "up";
  private since = new Date();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutageOptions) {}

  get down(): boolean {
    return this.state === "down";
  }

  status(): OutageStatus {
    return { state: this.state, since: this.since.toISOString() };
  }

  markDown(error: unknown): void {
    if (this.state === "down") return;
    this.state = "down";
    this.since = new Date();
    this.options.logger.warn({ err: error, ...this.options.fields }, this.options.messages.down);
    this.timer = setInterval(() => void this.tryRecover(), this.options.probeIntervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async tryRecover(): Promise<void> {
    try {
      await this.options.probe();
    } catch {
      return;
    }
    if (this.state !== "down") return;
    clearInterval(this.timer);
    this.state = "up";
    this.since = new Date();
    this.options.logger.info({ ...this.options.fields }, this.options.messages.up);
  }
}
