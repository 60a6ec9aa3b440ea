import type { PrismaClient } from "./generated/prisma/client";
import { type CatalogLoaders, createCatalogLoaders } from "./loaders/catalogLoaders";
import { CategoryService } from "./service/categoryService";
import { ProductService } from "./service/productService";
import { VariantService } from "./service/variantService";

export interface CatalogContext {
  loaders: CatalogLoaders;
  products: ProductService;
  variants: VariantService;
  categories: CategoryService;
}

/** One per GraphQL request: the DataLoaders, and so their caches, never outlive it. */
export function createCatalogContext(prisma: PrismaClient): CatalogContext {
  const loaders = createCatalogLoaders(prisma);
  const categories = new CategoryService(prisma);
  return {
    loaders,
    categories,
    products: new ProductService(prisma, loaders, categories),
    variants: new VariantService(prisma),
  };
}
