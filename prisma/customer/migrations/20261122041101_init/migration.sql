-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "customer";

-- CreateTable
CREATE TABLE "customer"."Customer" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "phone" TEXT,
    "preferredStoreId" TEXT,
    "marketingConsent" BOOLEAN NOT NULL DEFAULT false,
    "analyticsConsent" BOOLEAN NOT NULL DEFAULT false,
    "consentUpdatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer"."CustomerAddress" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "line1" TEXT NOT NULL,
    "line2" TEXT,
    "city" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "country" CHAR(2) NOT NULL,

    CONSTRAINT "CustomerAddress_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Customer_email_key" ON "customer"."Customer"("email");

-- CreateIndex
CREATE INDEX "CustomerAddress_customerId_idx" ON "customer"."CustomerAddress"("customerId");

-- AddForeignKey
ALTER TABLE "customer"."CustomerAddress" ADD CONSTRAINT "CustomerAddress_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "customer"."Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: invariants Prisma's schema language cannot express.

-- Lookups normalize the email the same way (see normalizeEmail), so stored emails must be normalized too.
ALTER TABLE "customer"."Customer" ADD CONSTRAINT "Customer_email_normalized" CHECK ("email" = lower(btrim("email")));

-- Checkout suggests one address first: at most one default per customer.
CREATE UNIQUE INDEX "CustomerAddress_one_default_per_customer" ON "customer"."CustomerAddress"("customerId") WHERE "isDefault";
