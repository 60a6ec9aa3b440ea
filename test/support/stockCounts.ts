import type { PrismaClient } from "../../subgraphs/inventory/src/generated/prisma/client";

/** A stock level's counts, read straight from inventory's tables (not through the code under test). */
export async function stockCounts(prisma: PrismaClient, sku: string, storeId: string): Promise<{ onHand: number; reserved: number }> {
  const row = await prisma.stockLevel.findUniqueOrThrow({ where: { sku_storeId: { sku, storeId } } });
  return { onHand: row.onHand, reserved: row.reserved };
}
