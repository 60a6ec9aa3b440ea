-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "catalog";

-- CreateEnum
CREATE TYPE "catalog"."Channel" AS ENUM ('WEB', 'MOBILE', 'KIOSK', 'HANDHELD');

-- CreateTable
CREATE TABLE "catalog"."Category" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentId" TEXT,

    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."Product" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "brand" TEXT NOT NULL,
    "categoryId" TEXT NOT NULL,
    "images" TEXT[],

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog"."ProductVariant" (
    "sku" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "barcode" TEXT NOT NULL,
    "size" TEXT NOT NULL,
    "colour" TEXT NOT NULL,
    "basePriceMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,

    CONSTRAINT "ProductVariant_pkey" PRIMARY KEY ("sku")
);

-- CreateTable
CREATE TABLE "catalog"."ChannelPrice" (
    "sku" TEXT NOT NULL,
    "channel" "catalog"."Channel" NOT NULL,
    "amountMinor" INTEGER NOT NULL,

    CONSTRAINT "ChannelPrice_pkey" PRIMARY KEY ("sku","channel")
);

-- CreateTable
CREATE TABLE "catalog"."VariantAttribute" (
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "VariantAttribute_pkey" PRIMARY KEY ("sku","name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Category_slug_key" ON "catalog"."Category"("slug");

-- CreateIndex
CREATE INDEX "Category_parentId_idx" ON "catalog"."Category"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Product_slug_key" ON "catalog"."Product"("slug");

-- CreateIndex
CREATE INDEX "Product_categoryId_idx" ON "catalog"."Product"("categoryId");

-- CreateIndex
CREATE UNIQUE INDEX "ProductVariant_barcode_key" ON "catalog"."ProductVariant"("barcode");

-- CreateIndex
CREATE INDEX "ProductVariant_productId_idx" ON "catalog"."ProductVariant"("productId");

-- AddForeignKey
ALTER TABLE "catalog"."Category" ADD CONSTRAINT "Category_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "catalog"."Category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."Product" ADD CONSTRAINT "Product_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "catalog"."Category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."ProductVariant" ADD CONSTRAINT "ProductVariant_productId_fkey" FOREIGN KEY ("productId") REFERENCES "catalog"."Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."ChannelPrice" ADD CONSTRAINT "ChannelPrice_sku_fkey" FOREIGN KEY ("sku") REFERENCES "catalog"."ProductVariant"("sku") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog"."VariantAttribute" ADD CONSTRAINT "VariantAttribute_sku_fkey" FOREIGN KEY ("sku") REFERENCES "catalog"."ProductVariant"("sku") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: rules Prisma's schema language cannot express (the schema engine leaves CHECK constraints alone).
ALTER TABLE "catalog"."ProductVariant"
    ADD CONSTRAINT "ProductVariant_basePriceMinor_check" CHECK ("basePriceMinor" >= 0),
    ADD CONSTRAINT "ProductVariant_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "catalog"."ChannelPrice"
    ADD CONSTRAINT "ChannelPrice_amountMinor_check" CHECK ("amountMinor" >= 0);
ALTER TABLE "catalog"."Category"
    ADD CONSTRAINT "Category_parentId_check" CHECK ("parentId" <> "id");
