-- CreateEnum
CREATE TYPE "customer"."Channel" AS ENUM ('WEB', 'MOBILE', 'KIOSK', 'HANDHELD');

-- CreateEnum
CREATE TYPE "customer"."TouchpointType" AS ENUM ('PRODUCT_VIEWED', 'ADDED_TO_CART', 'STORE_CHECK_IN', 'ORDER_PLACED', 'PICKED_UP');

-- CreateTable
CREATE TABLE "customer"."Touchpoint" (
    "id" UUID NOT NULL,
    "customerId" TEXT NOT NULL,
    "type" "customer"."TouchpointType" NOT NULL,
    "channel" "customer"."Channel" NOT NULL,
    "storeId" TEXT,
    "sku" TEXT,
    "orderId" TEXT,
    "dedupeKey" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Touchpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Touchpoint_customerId_occurredAt_id_idx" ON "customer"."Touchpoint"("customerId", "occurredAt" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Touchpoint_customerId_dedupeKey_key" ON "customer"."Touchpoint"("customerId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "customer"."Touchpoint" ADD CONSTRAINT "Touchpoint_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customer"."Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: invariants Prisma's schema language cannot express.

-- A store check-in happens at a store.
ALTER TABLE "customer"."Touchpoint" ADD CONSTRAINT "Touchpoint_check_in_has_store" CHECK ("type" <> 'STORE_CHECK_IN' OR "storeId" IS NOT NULL);
