-- AlterTable
ALTER TABLE "orders"."Order" ADD COLUMN     "personalDataErasedAt" TIMESTAMPTZ(3);

-- Hand-written: a shipped order of an erased customer keeps only the country of its address (for taxes).
ALTER TABLE "orders"."Order" DROP CONSTRAINT "Order_fulfilment_columns";
ALTER TABLE "orders"."Order" ADD CONSTRAINT "Order_fulfilment_columns" CHECK (
    ("fulfilmentType" = 'PICKUP' AND "pickupStoreId" IS NOT NULL
        AND "shippingLine1" IS NULL AND "shippingLine2" IS NULL AND "shippingCity" IS NULL
        AND "shippingPostcode" IS NULL AND "shippingCountry" IS NULL)
    OR
    ("fulfilmentType" = 'SHIP' AND "pickupStoreId" IS NULL AND "personalDataErasedAt" IS NULL
        AND "shippingLine1" IS NOT NULL AND "shippingCity" IS NOT NULL
        AND "shippingPostcode" IS NOT NULL AND "shippingCountry" IS NOT NULL)
    OR
    ("fulfilmentType" = 'SHIP' AND "pickupStoreId" IS NULL AND "personalDataErasedAt" IS NOT NULL
        AND "shippingLine1" IS NULL AND "shippingLine2" IS NULL AND "shippingCity" IS NULL
        AND "shippingPostcode" IS NULL AND "shippingCountry" IS NOT NULL)
);
