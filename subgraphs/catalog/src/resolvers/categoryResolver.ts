import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { CatalogContext } from "../context";
import type { Category as CategoryRecord } from "../generated/prisma/client";
import { Category } from "../schema/category";

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: "The top of the category tree, by name; follow `children` down." })
  categories(@Ctx() { categories }: CatalogContext): Promise<CategoryRecord[]> {
    return categories.roots();
  }

  @FieldResolver(() => Category, { nullable: true, description: "Null for a top-level category." })
  parent(@Root() category: CategoryRecord, @Ctx() { loaders }: CatalogContext): Promise<CategoryRecord | null> | null {
    return category.parentId === null ? null : loaders.categoryById.load(category.parentId);
  }

  @FieldResolver(() => [Category], { description: "By name." })
  children(@Root() category: CategoryRecord, @Ctx() { loaders }: CatalogContext): Promise<CategoryRecord[]> {
    return loaders.childCategoriesByParentId.load(category.id);
  }
}
