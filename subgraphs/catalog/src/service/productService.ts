import { badUserInput } from "@platform/errors";
import { type Connection, decodeCursor, encodeCursor, pageSize, toConnection } from "@subgraph-kit";
import type { Prisma, PrismaClient, Product } from "../generated/prisma/client";
import type { CatalogLoaders } from "../loaders/catalogLoaders";
import type { ProductFilter } from "../schema/productFilter";
import type { CategoryService } from "./categoryService";

export class ProductService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: CatalogLoaders,
    private readonly categories: CategoryService,
  ) {}

  /** By id or by slug: exactly one of the two. */
  findOne(by: { id?: string | null; slug?: string | null }): Promise<Product | null> {
    const hasId = by.id != null;
    const hasSlug = by.slug != null;
    if (hasId === hasSlug) {
      // Two arguments are at fault together, so the message names both and no single `argument` is set.
      throw badUserInput(`Pass exactly one of "id" or "slug" (got ${hasId ? "both" : "neither"})`);
    }
    if (hasId) return this.loaders.productById.load(by.id!);
    return this.prisma.product.findUnique({ where: { slug: by.slug! } });
  }

  /** Keyset pagination by id: a page costs the same however deep it is. */
  async search(filter: ProductFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<Product>> {
    const size = pageSize(first);
    const afterId = after == null ? null : decodeIdCursor(after);
    const where = await this.whereMatching(filter ?? {});

    const [rows, totalCount] = await Promise.all([
      this.prisma.product.findMany({
        where: afterId === null ? where : { AND: [where, { id: { gt: afterId } }] },
        orderBy: { id: "asc" },
        take: size + 1,
      }),
      this.prisma.product.count({ where }),
    ]);
    return toConnection(rows, size, totalCount, (product) => encodeCursor([product.id]));
  }

  private async whereMatching(filter: ProductFilter): Promise<Prisma.ProductWhereInput> {
    const conditions: Prisma.ProductWhereInput[] = [];

    for (const word of (filter.text ?? "").split(/\s+/).filter(Boolean).map(escapeLikePattern)) {
      conditions.push({
        OR: [
          { name: { contains: word, mode: "insensitive" } },
          { brand: { contains: word, mode: "insensitive" } },
          { description: { contains: word, mode: "insensitive" } },
        ],
      });
    }
    if (filter.brand != null) conditions.push({ brand: { equals: filter.brand, mode: "insensitive" } });
    if (filter.category != null) {
      const categoryIds = await this.categories.subtreeIds(filter.category);
      if (categoryIds === null) throw badUserInput(`Unknown category "${filter.category}" in "filter.category"`, "filter.category");
      conditions.push({ categoryId: { in: categoryIds } });
    }
    return { AND: conditions };
  }
}

/** Prisma passes `contains` to ILIKE as is: without this, "_" would match any character and "%" anything. */
function escapeLikePattern(word: string): string {
  return word.replace(/[\\%_]/g, "\\$&");
}

function decodeIdCursor(after: string): string {
  const [id] = decodeCursor(after, 1);
  if (typeof id !== "string") throw badUserInput('"after" is not a cursor this field returned; pass an endCursor from a previous page', "after");
  return id;
}
