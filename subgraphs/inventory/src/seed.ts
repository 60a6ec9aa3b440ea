import { demoDataset } from "../../../prisma/seed";
import type { Logger } from "@platform/logging";
import type { PrismaClient } from "./generated/prisma/client";

/** When the opening balances were recorded: fixed, so the seeded audit trail is the same on every machine. */
const OPENING_BALANCE_AT = new Date("2026-01-01T06:00:00.000Z");
export const SEED_ACTOR = "seed";

/**
 * Writes the demo dataset's stores, opening hours, stock levels, shelf locations and the
 * reservations of its orders that have not left yet, all or nothing, into empty tables; each
 * stock level gets the INITIAL movement that explains it, and its `reserved` is the sum of its
 * reservations. The reservations are confirmed (no expiry): their orders exist.
 */
export async function seedInventory(prisma: PrismaClient, logger: Logger): Promise<void> {
  const { stores, stock, shelfLocations, reservations } = demoDataset();

  const seeded = await prisma.$transaction(
    async (tx) => {
      if (await tx.store.findFirst({ select: { id: true } })) return false;

      await tx.store.createMany({
        data: stores.map(({ id, code, name, kind, address, latitude, longitude }) => ({
          id,
          code,
          name,
          kind,
          addressLine1: address.line1,
          city: address.city,
          postcode: address.postcode,
          country: address.country,
          latitude,
          longitude,
        })),
      });
      await tx.openingHours.createMany({
        data: stores.flatMap((store) => store.openingHours.map((hours) => ({ storeId: store.id, ...hours }))),
      });
      await tx.stockLevel.createMany({ data: stock.map(({ sku, storeId, onHand, reserved }) => ({ sku, storeId, onHand, reserved })) });
      await tx.shelfLocation.createMany({ data: shelfLocations });
      await tx.stockReservation.createMany({
        data: reservations.map(({ reference, storeId }) => ({ reference, storeId, createdBy: "orders", createdAt: OPENING_BALANCE_AT })),
      });
      await tx.stockReservationLine.createMany({
        data: reservations.flatMap(({ reference, lines }) => lines.map(({ sku, quantity }) => ({ reference, sku, quantity }))),
      });
      await tx.stockMovement.createMany({
        data: stock.map(({ sku, storeId, onHand }) => ({
          sku,
          storeId,
          delta: onHand,
          reason: "INITIAL" as const,
          actor: SEED_ACTOR,
          occurredAt: OPENING_BALANCE_AT,
          note: "Opening balance from the demo dataset",
        })),
      });
      return true;
    },
    // Several thousand rows: more than the default 5 s on a cold embedded database.
    { timeout: 60_000 },
  );

  if (seeded) {
    logger.info({ stores: stores.length, stockLevels: stock.length, shelfLocations: shelfLocations.length, reservations: reservations.length }, "seeded demo inventory");
  }
  else logger.debug("inventory tables hold data already: not seeding");
}
