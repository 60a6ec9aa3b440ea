import type { Category, PrismaClient } from "../generated/prisma/client";

export class CategoryService {
  constructor(private readonly prisma: PrismaClient) {}

  roots(): Promise<Category[]> {
    return this.prisma.category.findMany({ where: { parentId: null }, orderBy: { name: "asc" } });
  }

  /** The ids of the category with this slug and of every category below it; null when no category has the slug. */
  async subtreeIds(slug: string): Promise<string[] | null> {
    // One statement whatever the depth of the tree; Prisma's query API cannot recurse.
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE subtree AS (
        SELECT id FROM catalog."Category" WHERE slug = ${slug}
        UNION ALL
        SELECT child.id FROM catalog."Category" AS child JOIN subtree ON child."parentId" = subtree.id
      )
      SELECT id FROM subtree`;
    return rows.length === 0 ? null : rows.map((row) => row.id);
  }
}
