-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "gadgets";

-- CreateTable
CREATE TABLE "gadgets"."Gadget" (
    "id" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Gadget_pkey" PRIMARY KEY ("id")
);
