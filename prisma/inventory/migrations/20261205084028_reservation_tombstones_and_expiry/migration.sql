-- AlterTable
ALTER TABLE "inventory"."StockReservation" ADD COLUMN     "expiresAt" TIMESTAMPTZ(3),
ALTER COLUMN "storeId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "StockReservation_status_expiresAt_idx" ON "inventory"."StockReservation"("status", "expiresAt");

-- Hand-written (Prisma does not model CHECK constraints): only a tombstone, a release recorded
-- before any reservation, has no location.
ALTER TABLE "inventory"."StockReservation" ADD CONSTRAINT "StockReservation_location_unless_tombstone"
  CHECK ("storeId" IS NOT NULL OR "status" = 'RELEASED');
