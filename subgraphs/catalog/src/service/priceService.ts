import { badUserInput, notFound } from "@platform/errors";
import { type Channel, reportInvalidation } from "@subgraph-kit";
import { entityTag, rootTag } from "@platform/invalidation";
import type { PrismaClient, ProductVariant } from "../generated/prisma/client";

export const MAX_PRICE_MINOR = 100_000_000;

/** Price management (admins): a variant's base price or one channel's own price. */
export class PriceService {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Sets the price and reports the variant (and every catalog root answer, which may list it)
   * as changed, so cached responses with the old price are dropped before the answer leaves.
   */
  async setPrice(sku: string, channel: Channel | null, amountMinor: number): Promise<ProductVariant> {
    if (!Number.isInteger(amountMinor) || amountMinor < 0 || amountMinor > MAX_PRICE_MINOR) {
      throw badUserInput(`"input.amountMinor" must be a whole number from 0 to ${MAX_PRICE_MINOR}`, "input.amountMinor");
    }
    const variant = await this.prisma.$transaction(async (tx) => {
      const found = await tx.productVariant.findUnique({ where: { sku: sku.trim() } });
      if (!found) throw notFound(`The catalog has no SKU "${sku}"`, { argument: "input.sku" });
      if (channel === null) return tx.productVariant.update({ where: { sku: found.sku }, data: { basePriceMinor: amountMinor } });
      await tx.channelPrice.upsert({
        where: { sku_channel: { sku: found.sku, channel } },
        create: { sku: found.sku, channel, amountMinor },
        update: { amountMinor },
      });
      return found;
    });
    reportInvalidation(entityTag("ProductVariant", { sku: variant.sku }), rootTag("catalog"));
    return variant;
  }
}
