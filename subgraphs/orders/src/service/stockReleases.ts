import { GraphQLError } from "graphql";
import type { Logger } from "@platform/logging";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { InventoryClient } from "./inventoryClient";

/**
 * Compensation for a reservation that must not stand (a checkout that failed after reserving, a
 * cancelled order, an abandoned attempt, an orphan the reconciler found). The need is recorded as
 * a PendingRelease row in the same transaction as the failure or cancellation; the release is
 * then tried at once and, until inventory confirms it, again on every sweep. Only an answer of
 * RELEASED confirms it (inventory records a reference it never saw as released, so a reserve
 * still on its way is refused); anything else, a null included, leaves it pending. Inventory's
 * release is idempotent, so trying twice is harmless.
 */
export class StockReleases {
  private readonly pendingListeners = new Set<() => void>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly inventory: InventoryClient,
    private readonly logger: Logger,
  ) {}

  /** Records that `reference` must be released; call inside the transaction that makes it so. */
  static async schedule(tx: Prisma.TransactionClient, reference: string, reason: string): Promise<void> {
    await tx.pendingRelease.upsert({ where: { reference }, create: { reference, reason }, update: {} });
  }

  /** Tries one release now; true when inventory confirmed it (the row is gone). */
  async release(reference: string): Promise<boolean> {
    let failure: unknown;
    try {
      const answer = await this.inventory.release(reference);
      if (answer?.status === "RELEASED") {
        await this.prisma.pendingRelease.deleteMany({ where: { reference } });
        return true;
      }
      failure = new Error(`inventory answered ${answer ? answer.status : "null"} instead of RELEASED`);
    } catch (error) {
      if (isFulfilled(error)) {
        // The goods have left: nothing can be released, ever. Retrying would only repeat this.
        await this.prisma.pendingRelease.deleteMany({ where: { reference } });
        this.logger.error({ err: error, reference }, "stock release abandoned: the reservation was already fulfilled (the goods left); check the order");
        return true;
      }
      failure = error;
    }
    await this.prisma.pendingRelease.updateMany({
      where: { reference },
      data: { attempts: { increment: 1 }, lastError: describe(failure) },
    });
    this.logger.warn({ err: failure, reference }, "stock release not confirmed; it stays pending and is retried");
    for (const listener of this.pendingListeners) listener();
    return false;
  }

  /** Records that `reference` must be released, in its own transaction, and tries it at once. */
  async scheduleAndRelease(reference: string, reason: string): Promise<boolean> {
    await this.prisma.$transaction((tx) => StockReleases.schedule(tx, reference, reason));
    return this.release(reference);
  }

  /** `listener` is called whenever a release fails and stays pending (the sweeper schedules a retry). */
  onPending(listener: () => void): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }

  /** How many releases are pending (inventory has not confirmed them): the sweeper's backlog. */
  pendingCount(): Promise<number> {
    return this.prisma.pendingRelease.count();
  }

  /** Retries every pending release, oldest first; returns how many are still pending. */
  async sweep(limit = 100): Promise<number> {
    const pending = await this.prisma.pendingRelease.findMany({ orderBy: { createdAt: "asc" }, take: limit });
    let left = 0;
    for (const { reference } of pending) if (!(await this.release(reference))) left += 1;
    return left;
  }
}

function isFulfilled(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.reason === "RESERVATION_FULFILLED" && error.extensions.subgraph === "inventory";
}

function describe(error: unknown): string {
  if (error instanceof GraphQLError) return `${String(error.extensions.code)}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
