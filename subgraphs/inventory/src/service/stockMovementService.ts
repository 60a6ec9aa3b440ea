import { badUserInput } from "@platform/errors";
import { type Connection, decodeCursor, encodeCursor, pageSize, toConnection } from "@subgraph-kit";
import type { Prisma, PrismaClient, StockMovement } from "../generated/prisma/client";
import type { StockMovementsArgs } from "../schema/stockMovementsArgs";
import type { StoreService } from "./storeService";

export class StockMovementService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly stores: StoreService,
  ) {}

  /** Newest first, keyset-paginated on (occurredAt, id): movements keep arriving while a client pages. */
  async list({ storeId, sku, first, after }: StockMovementsArgs): Promise<Connection<StockMovement>> {
    const size = pageSize(first);
    const position = after == null ? null : decodeMovementCursor(after);
    await this.stores.require(storeId);

    const where: Prisma.StockMovementWhereInput = { storeId, ...(sku == null ? {} : { sku }) };
    const olderThanCursor: Prisma.StockMovementWhereInput | null =
      position && {
        OR: [{ occurredAt: { lt: position.occurredAt } }, { occurredAt: position.occurredAt, id: { lt: position.id } }],
      };

    const [rows, totalCount] = await Promise.all([
      this.prisma.stockMovement.findMany({
        where: olderThanCursor ? { AND: [where, olderThanCursor] } : where,
        orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
        take: size + 1,
      }),
      this.prisma.stockMovement.count({ where }),
    ]);
    return toConnection(rows, size, totalCount, (movement) => encodeCursor([movement.occurredAt.toISOString(), movement.id]));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeMovementCursor(after: string): { occurredAt: Date; id: string } {
  const [occurredAt, id] = decodeCursor(after, 2);
  const at = typeof occurredAt === "string" ? new Date(occurredAt) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || typeof id !== "string" || !UUID.test(id)) {
    throw badUserInput('"after" is not a cursor this field returned; pass an endCursor from a previous page', "after");
  }
  return { occurredAt: at, id };
}
