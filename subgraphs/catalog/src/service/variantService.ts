import { badUserInput } from "@platform/errors";
import { gtinForms, isValidGtin } from "@subgraph-kit";
import type { PrismaClient, ProductVariant } from "../generated/prisma/client";

export class VariantService {
  constructor(private readonly prisma: PrismaClient) {}

  /** A scanned barcode; it matches however many leading zeros the scanner added or dropped. */
  findByBarcode(barcode: string): Promise<ProductVariant | null> {
    if (!isValidGtin(barcode)) {
      throw badUserInput(`"barcode" must be a GTIN-8, -12, -13 or -14 with a valid check digit, got "${barcode}"`, "barcode");
    }
    return this.prisma.productVariant.findFirst({ where: { barcode: { in: gtinForms(barcode) } }, orderBy: { sku: "asc" } });
  }
}
