import { Arg, Ctx, Directive, ID, Mutation, Resolver } from "type-graphql";
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

  @Mutation(() => StockReservation, { nullable: true, description: "Gives the units back; null when there is no such reservation." })
  @Directive("@inaccessible")
  releaseStockReservation(@Arg("reference", () => ID) reference: string, @Ctx() { reservations, caller }: InventoryContext): Promise<ReservationRecord | null> {
    return reservations.release(reference, caller);
  }

  @Mutation(() => StockReservation, { description: "The goods left the location: the units come off the on-hand count as a SALE." })
  @Directive("@inaccessible")
  fulfilStockReservation(@Arg("reference", () => ID) reference: string, @Ctx() { reservations, caller }: InventoryContext): Promise<ReservationRecord> {
    return reservations.fulfil(reference, caller);
  }
}
