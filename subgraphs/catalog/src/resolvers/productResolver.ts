import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { Connection } from "../../../shared/src";
import type { CatalogContext } from "../context";
import type { Category as CategoryRecord, Product as ProductRecord, ProductVariant as VariantRecord } from "../generated/prisma/client";
import { Category } from "../schema/category";
import { Product } from "../schema/product";
import { ProductConnection } from "../schema/productConnection";
import { ProductFilter } from "../schema/productFilter";
import { ProductVariant } from "../schema/productVariant";

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true, description: "A product by id or by slug: pass exactly one." })
  product(
    @Arg("id", () => ID, { nullable: true }) id: string | null,
    @Arg("slug", () => String, { nullable: true }) slug: string | null,
    @Ctx() { products }: CatalogContext,
  ): Promise<ProductRecord | null> {
    return products.findOne({ id, slug });
  }

  @Query(() => ProductConnection, { description: "Products matching the filter, ordered by id, a page at a time." })
  products(
    @Arg("filter", () => ProductFilter, { nullable: true }) filter: ProductFilter | null,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1 to 100; 20 when omitted." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "The endCursor of the previous page." }) after: string | null,
    @Ctx() { products }: CatalogContext,
  ): Promise<Connection<ProductRecord>> {
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
