import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { InventoryContext } from "../context";
import { ReserveStockInput, StockReservation } from "../schema/stockReservation";
import type { ReservationRecord } from "../service/stockReservationService";

/** Internal operations: @inaccessible, so the gateway's API has none of them; only the orders service may call them. */
@Resolver(() => StockReservation)
export class StockReservationResolver {
  @Mutation(() => StockReservation, {
    description:
      "Holds every line at one location or none. Not enough stock: BAD_USER_INPUT with extensions.reason INSUFFICIENT_STOCK, sku, storeId, available.",
  })
  @Directive("@inaccessible")
  reserveStock(@Arg("input", () => ReserveStockInput) input: ReserveStockInput, @Ctx() { reservations, caller }: InventoryContext): Promise<ReservationRecord> {
    return reservations.reserve(input, caller);
  }

  @Mutation(() => StockReservation, {
    description:
      "Gives the units back; always answers RELEASED (or an error). A reference never reserved is recorded as released (a tombstone), so a reserve arriving after it is refused with reason RESERVATION_RELEASED.",
  })
  @Directive("@inaccessible")
  releaseStockReservation(@Arg("reference", () => ID) reference: string, @Ctx() { reservations, caller }: InventoryContext): Promise<ReservationRecord> {
    return reservations.release(reference, caller);
  }

  @Query(() => [StockReservation], { description: "The calling service's ACTIVE reservations whose hold has passed, oldest first (its reconciler checks them)." })
  @Directive("@inaccessible")
  expiredStockReservations(
    @Arg("first", () => Int, { defaultValue: 100, description: "1 to 500." }) first: number,
    @Ctx() { reservations, caller }: InventoryContext,
  ): Promise<ReservationRecord[]> {
    return reservations.expired(first, caller);
  }

  @Mutation(() => [StockReservation], { description: "The holder confirms these reservations belong to orders: they no longer expire. Returns the ACTIVE ones among them." })
  @Directive("@inaccessible")
  confirmStockReservations(
    @Arg("references", () => [ID], { description: "At most 500." }) references: string[],
    @Ctx() { reservations, caller }: InventoryContext,
  ): Promise<ReservationRecord[]> {
    return reservations.confirm(references, caller);
  }

  @Mutation(() => StockReservation, { description: "The goods left the location: the units come off the on-hand count as a SALE." })
  @Directive("@inaccessible")
  fulfilStockReservation(@Arg("reference", () => ID) reference: string, @Ctx() { reservations, caller }: InventoryContext): Promise<ReservationRecord> {
    return reservations.fulfil(reference, caller);
  }
}
