-- AlterTable
ALTER TABLE "customer"."Customer" ADD COLUMN     "erasedAt" TIMESTAMPTZ(3);

-- Hand-written: an erased customer keeps no personal data (see subgraphs/customer/src/service/erasureService.ts).
ALTER TABLE "customer"."Customer" ADD CONSTRAINT "Customer_erased_has_no_personal_data"
  CHECK ("erasedAt" IS NULL OR ("firstName" = '' AND "lastName" = '' AND "phone" IS NULL AND "preferredStoreId" IS NULL
                                AND NOT "marketingConsent" AND NOT "analyticsConsent" AND "email" LIKE 'erased-%@erased.invalid'));
