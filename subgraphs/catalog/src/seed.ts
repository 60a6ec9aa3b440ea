import { demoDataset } from "../../../prisma/seed";
import type { Logger } from "@platform/logging";
import type { PrismaClient } from "./generated/prisma/client";

/** Writes the demo dataset's categories, products, variants and channel prices, all or nothing, into empty tables. */
export async function seedCatalog(prisma: PrismaClient, logger: Logger): Promise<void> {
  const { categories, products } = demoDataset();
  const variants = products.flatMap((product) => product.variants);

  const seeded = await prisma.$transaction(
    async (tx) => {
      const existing = (await tx.category.findFirst({ select: { id: true } })) ?? (await tx.product.findFirst({ select: { id: true } }));
      if (existing) return false;

      // One statement: a parent is in the same INSERT as its children, and foreign keys are checked at its end.
      await tx.category.createMany({ data: categories.map(({ id, slug, name, parentId }) => ({ id, slug, name, parentId })) });
      await tx.product.createMany({
        data: products.map(({ id, slug, name, description, brand, categoryId, images }) => ({ id, slug, name, description, brand, categoryId, images })),
      });
      await tx.productVariant.createMany({
        data: variants.map((variant) => {
          const base = variant.prices.find((price) => price.channel === null);
          if (!base) throw new Error(`Demo variant ${variant.sku} has no base price`);
          return {
            sku: variant.sku,
            productId: variant.productId,
            barcode: variant.barcode,
            size: variant.size,
            colour: variant.colour,
            basePriceMinor: base.amountMinor,
            currency: base.currency,
          };
        }),
      });
      await tx.channelPrice.createMany({
        data: variants.flatMap((variant) =>
          variant.prices.flatMap((price) => (price.channel === null ? [] : [{ sku: variant.sku, channel: price.channel, amountMinor: price.amountMinor }])),
        ),
      });
      return true;
    },
    { timeout: 60_000 },
  );

  if (seeded) logger.info({ categories: categories.length, products: products.length, variants: variants.length }, "seeded demo catalog");
  else logger.debug("catalog tables hold data already: not seeding");
}
