import type { Redis } from "ioredis";
import { failFastRedis, Outage, type OutageStatus } from "../redis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { Logger } from "@platform/logging";

/** What one limiter said about one request. */
export interface LimitDecision {
  allowed: boolean;
  /** The limit of the window. */
  limit: number;
  remaining: number;
  /** Until the window starts again. */
  msBeforeNext: number;
}

/** A fixed window of `points` requests per `durationSeconds`, per key. */
export interface WindowLimiter {
  readonly points: number;
  readonly durationSeconds: number;
  consume(key: string): Promise<LimitDecision>;
}

export interface LimiterStoreStatus extends OutageStatus {
  kind: "redis" | "memory";
  /** Decisions taken in memory because Redis did not answer, since start (a request takes one per limit it counts against). */
  fallbacks: number;
}

/**
 * Where the counters live: Redis (shared by every gateway with the same key prefix) when a URL is
 * given, this process otherwise. rate-limiter-flexible does the counting. Its own fallback
 * (`insuranceLimiter`) tries Redis again on every request and says nothing, so this class
 * falls back with the cache store's Outage: the first Redis error logs one warning and marks
 * Redis down, every decision is then taken in memory (by this instance only) without trying
 * Redis (a frozen Redis would cost each request the command timeout), and a ping every
 * `probeIntervalMs` brings Redis back, with one info line.
 */
export class LimiterStore {
  private readonly redis: Redis | undefined;
  private readonly outage: Outage;
  private fallbacks = 0;

  private constructor(
    redisUrl: string | undefined,
    private readonly keyPrefix: string,
    logger: Logger,
    probeIntervalMs: number,
  ) {
    // The warning comes from the first failed decision.
    this.redis = redisUrl === undefined ? undefined : failFastRedis(redisUrl, "gateway-rate-limit");
    this.outage = new Outage({
      logger,
      probeIntervalMs,
      probe: async () => this.redis?.ping(),
      messages: { down: "rate limiting: Redis failed, counting in this process only until it answers again", up: "rate limiting: Redis answers again, counting there" },
    });
  }

  /** Connects to Redis when given one; an unreachable Redis only means starting in memory. */
  static async open(options: { redisUrl: string | undefined; keyPrefix: string; logger: Logger; probeIntervalMs?: number }): Promise<LimiterStore> {
    const store = new LimiterStore(options.redisUrl, options.keyPrefix, options.logger, options.probeIntervalMs ?? 1000);
    if (store.redis) {
      try {
        await store.redis.connect();
      } catch (error) {
        store.outage.markDown(error);
      }
    }
    return store;
  }

  /** A limiter named `name` (part of its keys, so limiters never share counters). */
  limiter(name: string, points: number, durationSeconds: number): WindowLimiter {
    const options = { keyPrefix: `${this.keyPrefix}${name}`, points, duration: durationSeconds };
    const memory = new RateLimiterMemory(options);
    const redis =
      this.redis &&
      new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        rejectIfRedisNotReady: true,
        // A client already over the limit is refused from memory until its window ends: a flood costs Redis nothing.
        inMemoryBlockOnConsumed: points + 1,
      });
    return {
      points,
      durationSeconds,
      consume: async (key) => {
        if (redis && !this.outage.down) {
          try {
            return decision(points, await redis.consume(key));
          } catch (outcome) {
            if (outcome instanceof RateLimiterRes) return decision(points, outcome, false);
            this.outage.markDown(outcome);
          }
        }
        if (redis) this.fallbacks += 1;
        try {
          return decision(points, await memory.consume(key));
        } catch (outcome) {
          if (outcome instanceof RateLimiterRes) return decision(points, outcome, false);
          throw outcome;
        }
      },
    };
  }

  status(): LimiterStoreStatus {
    return { kind: this.redis ? "redis" : "memory", ...this.outage.status(), fallbacks: this.fallbacks };
  }

  async close(): Promise<void> {
    this.outage.close();
    this.redis?.disconnect();
  }
}

function decision(points: number, result: RateLimiterRes, allowed = true): LimitDecision {
  return { allowed, limit: points, remaining: result.remainingPoints, msBeforeNext: result.msBeforeNext };
}
