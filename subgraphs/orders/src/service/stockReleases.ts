import { GraphQLError } from "graphql";
import type { Logger } from "../../../shared/src";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import type { InventoryClient } from "./inventoryClient";

/**
 * Compensation for a reservation that must not stand (a checkout that failed after reserving, a
 * cancelled order). The need is recorded as a PendingRelease row in the same transaction as the
 * failure or cancellation; the release is then tried at once and, while inventory cannot be
 * reached, again on every sweep. Inventory's release is idempotent, so trying twice is harmless.
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
    try {
      await this.inventory.release(reference);
    } catch (error) {
      await this.prisma.pendingRelease.updateMany({
        where: { reference },
        data: { attempts: { increment: 1 }, lastError: describe(error) },
      });
      this.logger.warn({ err: error, reference }, "stock release failed; it stays pending and is retried");
      for (const listener of this.pendingListeners) listener();
      return false;
    }
    await this.prisma.pendingRelease.deleteMany({ where: { reference } });
    return true;
  }

  /** `listener` is called whenever a release fails and stays pending (the sweeper schedules a retry). */
  onPending(listener: () => void): () => void {
    this.pendingListeners.add(listener);
    return () => this.pendingListeners.delete(listener);
  }

  /** Retries every pending release, oldest first; returns how many are still pending. */
  async sweep(limit = 100): Promise<number> {
    const pending = await this.prisma.pendingRelease.findMany({ orderBy: { createdAt: "asc" }, take: limit });
    let left = 0;
    for (const { reference } of pending) if (!(await this.release(reference))) left += 1;
    return left;
  }
}

function describe(error: unknown): string {
  if (error instanceof GraphQLError) return `${String(error.extensions.code)}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
