import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { PostalAddress } from "@subgraph-kit";
import type { InventoryContext } from "../context";
import type { OpeningHours as OpeningHoursRecord, Store as StoreRecord } from "../generated/prisma/client";
import { OpeningHours } from "../schema/openingHours";
import { Store } from "../schema/store";
import { StoresArgs } from "../schema/storesArgs";
import type { StoreWithDistance } from "../service/storeService";

@Resolver(() => Store)
export class StoreResolver {
  @Query(() => [Store], {
    description: "Stores and warehouses by name or, given `near`, nearest first. `radiusKm` needs `near`.",
  })
  stores(@Args(() => StoresArgs) args: StoresArgs, @Ctx() { stores }: InventoryContext): Promise<StoreWithDistance[]> {
    return stores.list(args);
  }

  @Query(() => Store, { nullable: true })
  store(@Arg("id", () => ID) id: string, @Ctx() { loaders }: InventoryContext): Promise<StoreRecord | null> {
    return loaders.storeById.load(id);
  }

  @FieldResolver(() => PostalAddress)
  address(@Root() store: StoreRecord): PostalAddress {
    return { line1: store.addressLine1, line2: store.addressLine2, city: store.city, postcode: store.postcode, country: store.country };
  }

  @FieldResolver(() => [OpeningHours], { description: "Monday first; a day that is not listed is closed." })
  openingHours(@Root() store: StoreRecord, @Ctx() { loaders }: InventoryContext): Promise<OpeningHoursRecord[]> {
    return loaders.openingHoursByStoreId.load(store.id);
  }
}
