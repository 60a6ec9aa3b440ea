import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { CacheControl, type Connection } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";
import type { CatalogContext } from "../context";
import type { Category as CategoryRecord, Product as ProductRecord, ProductVariant as VariantRecord } from "../generated/prisma/client";
import { Category } from "../schema/category";
import { Product } from "../schema/product";
import { ProductConnection } from "../schema/productConnection";
import { ProductLookupArgs, ProductsArgs } from "../schema/productArgs";
import { ProductVariant } from "../schema/productVariant";

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true, description: "A product by id or by slug: pass exactly one." })
  product(@Args(() => ProductLookupArgs) lookup: ProductLookupArgs, @Ctx() { products }: CatalogContext): Promise<ProductRecord | null> {
    return products.findOne(lookup);
  }

  @CacheControl(CacheHint.product)
  @Query(() => ProductConnection, { description: "Products matching the filter, ordered by id, a page at a time." })
  products(@Args(() => ProductsArgs) { filter, first, after }: ProductsArgs, @Ctx() { products }: CatalogContext): Promise<Connection<ProductRecord>> {
    return products.search(filter, first, after);
  }

  @FieldResolver(() => Category)
  async category(@Root() product: ProductRecord, @Ctx() { loaders }: CatalogContext): Promise<CategoryRecord> {
    const category = await loaders.categoryById.load(product.categoryId);
    // The foreign key guarantees it; a miss means the database changed under us.
    if (!category) throw new Error(`Category ${product.categoryId} of product ${product.id} does not exist`);
    return category;
  }

  @FieldResolver(() => [ProductVariant], { description: "Ordered by SKU." })
  variants(@Root() product: ProductRecord, @Ctx() { loaders }: CatalogContext): Promise<VariantRecord[]> {
    return loaders.variantsByProductId.load(product.id);
  }
}
