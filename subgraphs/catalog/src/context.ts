import type { Channel } from "../../shared/src/commerce";
import type { PrismaClient } from "./generated/prisma/client";
import { type CatalogLoaders, createCatalogLoaders } from "./loaders/catalogLoaders";
import { CategoryService } from "./service/categoryService";
import { ProductService } from "./service/productService";
import { VariantService } from "./service/variantService";

export interface CatalogContext {
  /** The channel of the request (x-commerce-channel): the price a field gives when no channel is asked for. */
  channel: Channel;
  loaders: CatalogLoaders;
  products: ProductService;
  variants: VariantService;
  categories: CategoryService;
}

/** One per GraphQL request: the DataLoaders, and so their caches, never outlive it. */
export function createCatalogContext(prisma: PrismaClient, channel: Channel): CatalogContext {
  const loaders = createCatalogLoaders(prisma);
  const categories = new CategoryService(prisma);
  return {
    channel,
    loaders,
    categories,
    products: new ProductService(prisma, loaders, categories),
    variants: new VariantService(prisma),
  };
}
