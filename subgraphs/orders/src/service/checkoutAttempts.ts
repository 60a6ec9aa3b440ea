import { randomUUID } from "node:crypto";
import { conflict } from "@platform/errors";
import type { Logger } from "@platform/logging";
import { type Checkout, Prisma, type PrismaClient } from "../generated/prisma/client";
import { NO_ORDERS_METRICS, type OrdersMetrics } from "./ordersMetrics";
import { StockReleases } from "./stockReleases";

/** One try of a checkout under its idempotency key: the reference it reserves stock and places the order under, and its lease. */
export interface CheckoutAttempt {
  idempotencyKey: string;
  /** The order's id and the reservation's reference in inventory, fixed before inventory is called. */
  reference: string;
  leaseExpiresAt: Date;
}

/** What a key's row says when a request claims it. */
export type Claim = { kind: "attempt"; attempt: CheckoutAttempt } | { kind: "completed"; checkout: Checkout } | { kind: "busy"; checkout: Checkout };

/**
 * The checkout row of each idempotency key and its states: PENDING (an attempt under way, with a
 * lease), COMPLETED (it placed `orderId`), FAILED (a retry starts a new attempt under a new
 * reference). Every change is conditional on the row still being the attempt's, which fences an
 * attempt that outlived its lease: once recovered, its own order transaction cannot commit.
 *
 * An attempt whose lease ran out is presumed lost (its process crashed, or hangs): `abandon`
 * marks it FAILED and records the release of its reference in one transaction, then releases
 * it. A retry of the key does that at once; the recoverer does it for keys nobody retries.
 */
export class CheckoutAttempts {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly releases: StockReleases,
    private readonly leaseMs: number,
    private readonly logger: Logger,
    private readonly metrics: OrdersMetrics = NO_ORDERS_METRICS,
  ) {}

  /** The hold to ask inventory for: as long as the lease, so a reservation outlives its attempt's claim. */
  get holdSeconds(): number {
    return Math.ceil(this.leaseMs / 1000);
  }

  /** Starts an attempt for a key never seen, or says what the key's row holds. */
  async claim(idempotencyKey: string, cartId: string, customerId: string): Promise<Claim> {
    const attempt = this.newAttempt(idempotencyKey);
    try {
      await this.prisma.checkout.create({
        data: { idempotencyKey, cartId, customerId, status: "PENDING", orderId: attempt.reference, leaseExpiresAt: attempt.leaseExpiresAt },
      });
      return { kind: "attempt", attempt };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return this.reclaim(await this.prisma.checkout.findUniqueOrThrow({ where: { idempotencyKey } }));
  }

  /**
   * Another look at a key's row: a FAILED attempt is retaken under a new reference, and a
   * PENDING one past its lease is abandoned first (so no key waits longer than a lease).
   */
  async reclaim(checkout: Checkout): Promise<Claim> {
    if (checkout.status === "COMPLETED") return { kind: "completed", checkout };
    if (checkout.status === "PENDING") {
      if (!isExpired(checkout)) return { kind: "busy", checkout };
      await this.abandon(checkout, "taken over by a retry of its key");
    }
    const attempt = this.newAttempt(checkout.idempotencyKey);
    const retaken = await this.prisma.checkout.updateMany({
      where: { idempotencyKey: checkout.idempotencyKey, status: "FAILED" },
      data: { status: "PENDING", orderId: attempt.reference, failure: null, leaseExpiresAt: attempt.leaseExpiresAt },
    });
    if (retaken.count === 1) return { kind: "attempt", attempt };
    return { kind: "busy", checkout: await this.prisma.checkout.findUniqueOrThrow({ where: { idempotencyKey: checkout.idempotencyKey } }) };
  }

  /** Inside the order's transaction, first: COMPLETED, if the key still belongs to this attempt; otherwise the transaction rolls back. */
  async complete(tx: Prisma.TransactionClient, attempt: CheckoutAttempt): Promise<void> {
    const completed = await tx.checkout.updateMany({
      where: { idempotencyKey: attempt.idempotencyKey, orderId: attempt.reference, status: "PENDING" },
      data: { status: "COMPLETED", leaseExpiresAt: null },
    });
    if (completed.count === 0) {
      throw conflict("This checkout attempt took longer than its lease and was taken over; retry it with the same idempotency key");
    }
  }

  /** The attempt failed: FAILED (if the key is still its own) and, when it may have reserved, its reference released now or by the sweeper. */
  async fail(attempt: CheckoutAttempt, failure: string, mayHaveReserved: boolean): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.checkout.updateMany({
        where: { idempotencyKey: attempt.idempotencyKey, orderId: attempt.reference, status: "PENDING" },
        data: { status: "FAILED", failure, leaseExpiresAt: null },
      });
      // Even when the key was taken over meanwhile: this attempt's reference is its own to release.
      if (mayHaveReserved) await StockReleases.schedule(tx, attempt.reference, "checkout failed");
    });
    if (mayHaveReserved) await this.releases.release(attempt.reference);
  }

  /**
   * An attempt past its lease is failed and its reference released (recorded first, then tried).
   * False when it was not abandoned: it completed or failed meanwhile, or its lease is still running.
   */
  async abandon(checkout: Checkout, why: string): Promise<boolean> {
    const abandoned = await this.prisma.$transaction(async (tx) => {
      const failed = await tx.checkout.updateMany({
        where: { idempotencyKey: checkout.idempotencyKey, orderId: checkout.orderId, status: "PENDING", leaseExpiresAt: { lte: new Date() } },
        data: { status: "FAILED", failure: `ABANDONED: the attempt did not finish within its lease (${why})`, leaseExpiresAt: null },
      });
      if (failed.count === 0) return false;
      await StockReleases.schedule(tx, checkout.orderId, "checkout attempt abandoned");
      return true;
    });
    if (!abandoned) return false;
    // Its own process never counted it (it crashed or hangs past its lease): it ends here, compensated.
    this.metrics.checkout("compensated");
    this.logger.warn({ idempotencyKey: checkout.idempotencyKey, reference: checkout.orderId, why }, "recovered an abandoned checkout attempt");
    await this.releases.release(checkout.orderId);
    return true;
  }

  /** The recoverer's pass: abandons up to `limit` attempts whose lease ran out, oldest first; returns how many. */
  async abandonExpired(limit = 100): Promise<number> {
    const expired = await this.prisma.checkout.findMany({
      where: { status: "PENDING", leaseExpiresAt: { lte: new Date() } },
      orderBy: { leaseExpiresAt: "asc" },
      take: limit,
    });
    let abandoned = 0;
    for (const checkout of expired) if (await this.abandon(checkout, "its process did not finish it")) abandoned += 1;
    return abandoned;
  }

  /** A CONFLICT for a key whose attempt is under way, saying by when it has finished or can be taken over. */
  busy(checkout: Checkout): Error {
    const leaseExpiresAt = checkout.leaseExpiresAt ?? new Date();
    const seconds = Math.max(1, Math.ceil((leaseExpiresAt.getTime() - Date.now()) / 1000));
    return conflict(
      `A checkout with this idempotency key is still under way; retry it with the same key (within ${seconds} s it has finished or can be taken over)`,
      { retryAfterSeconds: 1, leaseExpiresAt: leaseExpiresAt.toISOString() },
    );
  }

  private newAttempt(idempotencyKey: string): CheckoutAttempt {
    return { idempotencyKey, reference: randomUUID(), leaseExpiresAt: new Date(Date.now() + this.leaseMs) };
  }
}

function isExpired(checkout: Checkout): boolean {
  return checkout.leaseExpiresAt !== null && checkout.leaseExpiresAt.getTime() <= Date.now();
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
