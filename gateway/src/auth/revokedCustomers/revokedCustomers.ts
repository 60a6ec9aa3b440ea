import type { Redis } from "ioredis";
import { failFastRedis } from "../../redis";
import type { Logger } from "@platform/logging";
import { ContextPart } from "../../context";
import type { FetchObserver } from "../../datasource";

/**
 * Customers whose accounts were erased (GDPR): the gateway refuses their tokens (401) from the
 * moment the erasure's response passes through it, although the tokens themselves stay valid
 * until they expire. The customer subgraph announces an erasure in its response's
 * `extensions.revokedCustomers`; `recordRevokedCustomers` collects it per request and
 * authentication records it before that response leaves.
 *
 * - In memory, always: what this gateway has seen. Asked first, so a refusal costs nothing.
 * - On Redis when REDIS_URL is set: one set, `<GATEWAY_CACHE_PREFIX>auth:revoked-customers`, shared
 *   by every gateway with that prefix, never expiring (an erased id is never reused). A customer
 *   token this gateway has not seen revoked costs one SISMEMBER.
 * - Redis trouble never fails a request: one warning, then this gateway knows only what it has seen
 *   (the customer subgraph still refuses an erased customer on its own operations) until Redis answers.
 * - Without Redis, a gateway knows only the erasures made through it, and forgets them on restart.
 */
export interface RevokedCustomers {
  readonly kind: "redis" | "memory";
  revoke(customerIds: readonly string[]): Promise<void>;
  isRevoked(customerId: string): Promise<boolean>;
  close(): Promise<void>;
}

export const REVOKED_CUSTOMERS_KEY = "auth:revoked-customers";

export class MemoryRevokedCustomers implements RevokedCustomers {
  readonly kind: "redis" | "memory" = "memory";
  protected readonly known = new Set<string>();

  async revoke(customerIds: readonly string[]): Promise<void> {
    for (const id of customerIds) this.known.add(id);
  }

  async isRevoked(customerId: string): Promise<boolean> {
    return this.known.has(customerId);
  }

  async close(): Promise<void> {}
}

export class RedisRevokedCustomers extends MemoryRevokedCustomers {
  override readonly kind = "redis" as const;
  private readonly redis: Redis;
  private readonly key: string;
  private failing = false;

  constructor(
    redisUrl: string,
    prefix: string,
    private readonly logger: Logger,
  ) {
    super();
    this.key = `${prefix}${REVOKED_CUSTOMERS_KEY}`;
    this.redis = failFastRedis(redisUrl, "gateway-revocations");
  }

  async start(): Promise<this> {
    await this.redis.connect().catch((error: unknown) => this.failed(error));
    return this;
  }

  override async revoke(customerIds: readonly string[]): Promise<void> {
    await super.revoke(customerIds);
    if (customerIds.length === 0) return;
    await this.guard(() => this.redis.sadd(this.key, ...customerIds));
  }

  override async isRevoked(customerId: string): Promise<boolean> {
    if (await super.isRevoked(customerId)) return true;
    const member = await this.guard(() => this.redis.sismember(this.key, customerId));
    if (member === 1) this.known.add(customerId);
    return member === 1;
  }

  override async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async guard<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await command();
      if (this.failing) this.logger.info("revoked customers are read from Redis again");
      this.failing = false;
      return result;
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  private failed(error: unknown): void {
    if (!this.failing) this.logger.warn({ err: error }, "cannot reach Redis for revoked customers; only erasures made through this gateway are refused until it answers");
    this.failing = true;
  }
}

/** Redis when the deployment has one (REDIS_URL), memory otherwise. */
export async function createRevokedCustomers(redisUrl: string | undefined, prefix: string, logger: Logger): Promise<RevokedCustomers> {
  return redisUrl ? new RedisRevokedCustomers(redisUrl, prefix, logger).start() : new MemoryRevokedCustomers();
}

/** The customers a subgraph said this request erased (its `extensions.revokedCustomers`). */
export const erasedCustomers = new ContextPart("erasedCustomers", () => new Set<string>());

/** Collects `extensions.revokedCustomers` of every subgraph answer into the request's context. */
export const recordRevokedCustomers: FetchObserver = ({ response }, context) => {
  const reported = (response.extensions as { revokedCustomers?: unknown } | undefined)?.revokedCustomers;
  if (!Array.isArray(reported)) return;
  const collected = erasedCustomers.of(context);
  for (const id of reported) if (typeof id === "string" && id) collected.add(id);
};
