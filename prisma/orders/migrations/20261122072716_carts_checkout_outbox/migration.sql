-- CreateEnum
CREATE TYPE "orders"."CartStatus" AS ENUM ('OPEN', 'MERGED', 'CHECKED_OUT');

-- CreateEnum
CREATE TYPE "orders"."CheckoutStatus" AS ENUM ('PENDING', 'COMPLETED', 'FAILED');

-- AlterTable
ALTER TABLE "orders"."Order" ADD COLUMN     "channels" "orders"."Channel"[] DEFAULT ARRAY[]::"orders"."Channel"[],
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "orders"."Cart" (
    "id" UUID NOT NULL,
    "token" TEXT NOT NULL,
    "customerId" TEXT,
    "status" "orders"."CartStatus" NOT NULL DEFAULT 'OPEN',
    "createdOn" "orders"."Channel" NOT NULL,
    "lastChannel" "orders"."Channel" NOT NULL,
    "orderId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Cart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders"."CartLine" (
    "cartId" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "addedOn" "orders"."Channel" NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CartLine_pkey" PRIMARY KEY ("cartId","sku")
);

-- CreateTable
CREATE TABLE "orders"."Checkout" (
    "idempotencyKey" TEXT NOT NULL,
    "cartId" UUID NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" "orders"."CheckoutStatus" NOT NULL,
    "orderId" TEXT NOT NULL,
    "failure" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Checkout_pkey" PRIMARY KEY ("idempotencyKey")
);

-- CreateTable
CREATE TABLE "orders"."PendingRelease" (
    "reference" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingRelease_pkey" PRIMARY KEY ("reference")
);

-- CreateTable
CREATE TABLE "orders"."OutboxEvent" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "aggregateId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Cart_token_key" ON "orders"."Cart"("token");

-- CreateIndex
CREATE UNIQUE INDEX "Cart_orderId_key" ON "orders"."Cart"("orderId");

-- CreateIndex
CREATE INDEX "Cart_customerId_status_idx" ON "orders"."Cart"("customerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Checkout_orderId_key" ON "orders"."Checkout"("orderId");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_id_idx" ON "orders"."OutboxEvent"("publishedAt", "id");

-- AddForeignKey
ALTER TABLE "orders"."CartLine" ADD CONSTRAINT "CartLine_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "orders"."Cart"("id") ON DELETE CASCADE ON UPDATE CASCADE;
