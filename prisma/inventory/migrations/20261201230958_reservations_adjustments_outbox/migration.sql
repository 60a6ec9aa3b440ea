-- CreateEnum
CREATE TYPE "inventory"."StockReservationStatus" AS ENUM ('ACTIVE', 'RELEASED', 'FULFILLED');

-- AlterTable
ALTER TABLE "inventory"."StockMovement" ADD COLUMN     "reference" TEXT;

-- CreateTable
CREATE TABLE "inventory"."StockReservation" (
    "reference" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "status" "inventory"."StockReservationStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StockReservation_pkey" PRIMARY KEY ("reference")
);

-- CreateTable
CREATE TABLE "inventory"."StockReservationLine" (
    "reference" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "StockReservationLine_pkey" PRIMARY KEY ("reference","sku")
);

-- CreateTable
CREATE TABLE "inventory"."OutboxEvent" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "aggregateId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StockReservation_storeId_status_idx" ON "inventory"."StockReservation"("storeId", "status");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_id_idx" ON "inventory"."OutboxEvent"("publishedAt", "id");

-- AddForeignKey
ALTER TABLE "inventory"."StockReservationLine" ADD CONSTRAINT "StockReservationLine_reference_fkey" FOREIGN KEY ("reference") REFERENCES "inventory"."StockReservation"("reference") ON DELETE CASCADE ON UPDATE CASCADE;

-- Stock never goes negative and never promises more than is on hand, whatever writes it.
ALTER TABLE "inventory"."StockLevel" ADD CONSTRAINT "StockLevel_counts_check" CHECK ("reserved" >= 0 AND "onHand" >= "reserved");
ALTER TABLE "inventory"."StockReservationLine" ADD CONSTRAINT "StockReservationLine_quantity_check" CHECK ("quantity" > 0);
