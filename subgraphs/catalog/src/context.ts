import type { RequestCaller } from "@platform/caller";
import type { Channel } from "@subgraph-kit/commerce";
import type { PrismaClient } from "./generated/prisma/client";
import { type CatalogLoaders, createCatalogLoaders } from "./loaders/catalogLoaders";
import { CategoryService } from "./service/categoryService";
import { PriceService } from "./service/priceService";
import { ProductService } from "./service/productService";
import { VariantService } from "./service/variantService";

export interface CatalogContext {
  /** Who is calling: decides who may change prices. */
  caller: RequestCaller;
  /** The channel of the request: the price a field gives when no channel is asked for. */
  channel: Channel;
  loaders: CatalogLoaders;
  products: ProductService;
  variants: VariantService;
  categories: CategoryService;
  prices: PriceService;
}

/** One per GraphQL request: the DataLoaders, and so their caches, never outlive it. */
export function createCatalogContext(prisma: PrismaClient, caller: RequestCaller): CatalogContext {
  const loaders = createCatalogLoaders(prisma);
  const categories = new CategoryService(prisma);
  return {
    caller,
    channel: caller.channel,
    loaders,
    categories,
    products: new ProductService(prisma, loaders, categories),
    variants: new VariantService(prisma),
    prices: new PriceService(prisma),
  };
}
