import { badUserInput } from "@platform/errors";
import type { PrismaClient, Store } from "../generated/prisma/client";
import type { InventoryLoaders } from "../loaders/inventoryLoaders";
import type { StoresArgs } from "../schema/storesArgs";
import { assertOnEarth, haversineKm } from "./geo";

export type StoreWithDistance = Store & { distanceKm?: number };

export class StoreService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly loaders: InventoryLoaders,
  ) {}

  /** By name; nearest first when `near` is given. */
  async list({ near, radiusKm, kind }: StoresArgs): Promise<StoreWithDistance[]> {
    if (radiusKm != null && near == null) throw badUserInput('"radiusKm" needs "near": a radius from where?', "radiusKm");
    if (radiusKm != null && radiusKm <= 0) throw badUserInput(`"radiusKm" must be greater than 0, got ${radiusKm}`, "radiusKm");
    if (near != null) assertOnEarth(near, "near");

    const stores = await this.prisma.store.findMany({ where: kind == null ? {} : { kind }, orderBy: { name: "asc" } });
    if (near == null) return stores;

    // A chain has hundreds of locations, not millions: measuring each one here is cheaper than
    // an extension (PostGIS, earthdistance) that the embedded database would also need.
    return stores
      .map((store) => ({ ...store, distanceKm: roundToMetres(haversineKm(near, store)) }))
      .filter((store) => radiusKm == null || store.distanceKm <= radiusKm)
      .sort((a, b) => a.distanceKm - b.distanceKm);
  }

  /** The store, or BAD_USER_INPUT naming `argument` when there is none with this id. */
  async require(storeId: string, argument = "storeId"): Promise<Store> {
    const store = await this.loaders.storeById.load(storeId);
    if (!store) throw badUserInput(`Unknown store "${storeId}" in "${argument}"`, argument);
    return store;
  }
}

function roundToMetres(kilometres: number): number {
  return Math.round(kilometres * 1000) / 1000;
}
