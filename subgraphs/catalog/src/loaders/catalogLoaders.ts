import DataLoader from "dataloader";
import type {
  Category,
  ChannelPrice,
  PrismaClient,
  Product,
  ProductVariant,
  VariantAttribute,
} from "../generated/prisma/client";
import { oneRowPerKey, rowsPerKey } from "@subgraph-kit/loaders";

/**
 * The catalog's DataLoaders, created fresh for every request (so nothing is cached across
 * requests). Each batch is one `findMany` with `in`, whatever the number of keys.
 */
export function createCatalogLoaders(prisma: PrismaClient) {
  return {
    productById: new DataLoader<string, Product | null>(async (ids) =>
      oneRowPerKey(ids, await prisma.product.findMany({ where: { id: { in: [...ids] } } }), (product) => product.id),
    ),

    variantBySku: new DataLoader<string, ProductVariant | null>(async (skus) =>
      oneRowPerKey(skus, await prisma.productVariant.findMany({ where: { sku: { in: [...skus] } } }), (variant) => variant.sku),
    ),

    variantsByProductId: new DataLoader<string, ProductVariant[]>(async (productIds) =>
      rowsPerKey(
        productIds,
        await prisma.productVariant.findMany({ where: { productId: { in: [...productIds] } }, orderBy: { sku: "asc" } }),
        (variant) => variant.productId,
      ),
    ),

    channelPricesBySku: new DataLoader<string, ChannelPrice[]>(async (skus) =>
      rowsPerKey(
        skus,
        await prisma.channelPrice.findMany({ where: { sku: { in: [...skus] } }, orderBy: [{ sku: "asc" }, { channel: "asc" }] }),
        (price) => price.sku,
      ),
    ),

    attributesBySku: new DataLoader<string, VariantAttribute[]>(async (skus) =>
      rowsPerKey(
        skus,
        await prisma.variantAttribute.findMany({ where: { sku: { in: [...skus] } }, orderBy: [{ sku: "asc" }, { name: "asc" }] }),
        (attribute) => attribute.sku,
      ),
    ),

    categoryById: new DataLoader<string, Category | null>(async (ids) =>
      oneRowPerKey(ids, await prisma.category.findMany({ where: { id: { in: [...ids] } } }), (category) => category.id),
    ),

    childCategoriesByParentId: new DataLoader<string, Category[]>(async (parentIds) =>
      rowsPerKey(
        parentIds,
        await prisma.category.findMany({ where: { parentId: { in: [...parentIds] } }, orderBy: { name: "asc" } }),
        (category) => category.parentId!,
      ),
    ),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
