-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "inventory";

-- CreateEnum
CREATE TYPE "inventory"."StoreKind" AS ENUM ('STORE', 'WAREHOUSE');

-- CreateEnum
CREATE TYPE "inventory"."StockMovementReason" AS ENUM ('INITIAL', 'RECEIVED', 'SALE', 'RETURN', 'DAMAGED', 'FOUND', 'CYCLE_COUNT');

-- CreateTable
CREATE TABLE "inventory"."Store" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "inventory"."StoreKind" NOT NULL,
    "addressLine1" TEXT NOT NULL,
    "addressLine2" TEXT,
    "city" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "Store_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."OpeningHours" (
    "storeId" TEXT NOT NULL,
    "dayOfWeek" SMALLINT NOT NULL,
    "opens" TEXT NOT NULL,
    "closes" TEXT NOT NULL,

    CONSTRAINT "OpeningHours_pkey" PRIMARY KEY ("storeId","dayOfWeek")
);

-- CreateTable
CREATE TABLE "inventory"."StockLevel" (
    "sku" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "onHand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StockLevel_pkey" PRIMARY KEY ("sku","storeId")
);

-- CreateTable
CREATE TABLE "inventory"."ShelfLocation" (
    "sku" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "aisle" TEXT NOT NULL,
    "bay" TEXT NOT NULL,
    "shelf" TEXT NOT NULL,

    CONSTRAINT "ShelfLocation_pkey" PRIMARY KEY ("sku","storeId")
);

-- CreateTable
CREATE TABLE "inventory"."StockMovement" (
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" "inventory"."StockMovementReason" NOT NULL,
    "actor" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT,

    CONSTRAINT "StockMovement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Store_code_key" ON "inventory"."Store"("code");

-- CreateIndex
CREATE INDEX "StockLevel_storeId_idx" ON "inventory"."StockLevel"("storeId");

-- CreateIndex
CREATE INDEX "ShelfLocation_storeId_idx" ON "inventory"."ShelfLocation"("storeId");

-- CreateIndex
CREATE INDEX "StockMovement_storeId_occurredAt_id_idx" ON "inventory"."StockMovement"("storeId", "occurredAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "StockMovement_sku_storeId_occurredAt_id_idx" ON "inventory"."StockMovement"("sku", "storeId", "occurredAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "inventory"."OpeningHours" ADD CONSTRAINT "OpeningHours_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "inventory"."Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory"."StockLevel" ADD CONSTRAINT "StockLevel_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "inventory"."Store"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory"."ShelfLocation" ADD CONSTRAINT "ShelfLocation_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "inventory"."Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory"."StockMovement" ADD CONSTRAINT "StockMovement_sku_storeId_fkey" FOREIGN KEY ("sku", "storeId") REFERENCES "inventory"."StockLevel"("sku", "storeId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: rules Prisma's schema language cannot express (the schema engine leaves CHECK constraints alone).
ALTER TABLE "inventory"."Store"
    ADD CONSTRAINT "Store_latitude_check" CHECK ("latitude" BETWEEN -90 AND 90),
    ADD CONSTRAINT "Store_longitude_check" CHECK ("longitude" BETWEEN -180 AND 180);
ALTER TABLE "inventory"."OpeningHours"
    ADD CONSTRAINT "OpeningHours_dayOfWeek_check" CHECK ("dayOfWeek" BETWEEN 1 AND 7),
    ADD CONSTRAINT "OpeningHours_times_check" CHECK (
        "opens" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "closes" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "opens" < "closes"
    );
-- available = onHand - reserved can never be negative.
ALTER TABLE "inventory"."StockLevel"
    ADD CONSTRAINT "StockLevel_quantities_check" CHECK ("onHand" >= 0 AND "reserved" >= 0 AND "reserved" <= "onHand");
