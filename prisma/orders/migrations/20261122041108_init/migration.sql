-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "orders";

-- CreateEnum
CREATE TYPE "orders"."Channel" AS ENUM ('WEB', 'MOBILE', 'KIOSK', 'HANDHELD');

-- CreateEnum
CREATE TYPE "orders"."OrderStatus" AS ENUM ('PLACED', 'READY_FOR_PICKUP', 'SHIPPED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "orders"."FulfilmentType" AS ENUM ('SHIP', 'PICKUP');

-- CreateTable
CREATE TABLE "orders"."Order" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "channel" "orders"."Channel" NOT NULL,
    "status" "orders"."OrderStatus" NOT NULL,
    "placedAt" TIMESTAMPTZ(3) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "fulfilmentType" "orders"."FulfilmentType" NOT NULL,
    "pickupStoreId" TEXT,
    "shippingLine1" TEXT,
    "shippingLine2" TEXT,
    "shippingCity" TEXT,
    "shippingPostcode" TEXT,
    "shippingCountry" CHAR(2),

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders"."OrderLine" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineNumber" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "productName" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unitPriceMinor" INTEGER NOT NULL,

    CONSTRAINT "OrderLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Order_number_key" ON "orders"."Order"("number");

-- CreateIndex
CREATE INDEX "Order_customerId_placedAt_id_idx" ON "orders"."Order"("customerId", "placedAt" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "OrderLine_orderId_lineNumber_key" ON "orders"."OrderLine"("orderId", "lineNumber");

-- AddForeignKey
ALTER TABLE "orders"."OrderLine" ADD CONSTRAINT "OrderLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "orders"."Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: invariants Prisma's schema language cannot express.

-- A pickup order names its store and has no shipping address; a shipped order the reverse.
ALTER TABLE "orders"."Order" ADD CONSTRAINT "Order_fulfilment_columns" CHECK (
    ("fulfilmentType" = 'PICKUP' AND "pickupStoreId" IS NOT NULL
        AND "shippingLine1" IS NULL AND "shippingLine2" IS NULL AND "shippingCity" IS NULL
        AND "shippingPostcode" IS NULL AND "shippingCountry" IS NULL)
    OR
    ("fulfilmentType" = 'SHIP' AND "pickupStoreId" IS NULL
        AND "shippingLine1" IS NOT NULL AND "shippingCity" IS NOT NULL
        AND "shippingPostcode" IS NOT NULL AND "shippingCountry" IS NOT NULL)
);

-- Order numbers are looked up upper-case (see normalizeOrderNumber).
ALTER TABLE "orders"."Order" ADD CONSTRAINT "Order_number_normalized" CHECK ("number" = upper(btrim("number")) AND "number" <> '');

ALTER TABLE "orders"."OrderLine" ADD CONSTRAINT "OrderLine_lineNumber_positive" CHECK ("lineNumber" >= 1);
ALTER TABLE "orders"."OrderLine" ADD CONSTRAINT "OrderLine_quantity_positive" CHECK ("quantity" >= 1);
ALTER TABLE "orders"."OrderLine" ADD CONSTRAINT "OrderLine_unitPriceMinor_not_negative" CHECK ("unitPriceMinor" >= 0);
