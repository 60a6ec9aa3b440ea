-- AlterTable
ALTER TABLE "orders"."Checkout" ADD COLUMN     "leaseExpiresAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Checkout_status_leaseExpiresAt_idx" ON "orders"."Checkout"("status", "leaseExpiresAt");

-- Hand-written: attempts left PENDING by an earlier version had no lease and stayed under way for
-- ever; they are presumed abandoned now, so the recoverer fails them and releases their stock.
UPDATE "orders"."Checkout" SET "leaseExpiresAt" = now() WHERE "status" = 'PENDING';

-- Hand-written (Prisma does not model CHECK constraints): a lease exactly while PENDING.
ALTER TABLE "orders"."Checkout" ADD CONSTRAINT "Checkout_lease_while_pending"
  CHECK (("status" = 'PENDING') = ("leaseExpiresAt" IS NOT NULL));
