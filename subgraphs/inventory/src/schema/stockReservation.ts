import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { StockReservationStatus } from "./stockReservationStatus";

@ObjectType({ description: "A line of a reservation: units of one variant." })
@Directive("@inaccessible")
export class StockReservationLine {
  @Field(() => String)
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType({ description: "Units held for an order at one location, all lines or none. Internal: only the orders service calls it." })
@Directive("@inaccessible")
export class StockReservation {
  @Field(() => ID, { description: "The caller's reference for it: the order's id." })
  reference!: string;

  @Field(() => ID, { nullable: true, description: "The location that holds the units; null for a tombstone (a release recorded before any reservation)." })
  storeId!: string | null;

  @Field(() => StockReservationStatus)
  status!: StockReservationStatus;

  @Field(() => Date, {
    nullable: true,
    description: "ACTIVE and not yet confirmed by its holder: after this instant the holder's reconciler checks it and releases it if no order owns it. Null: held until released or fulfilled.",
  })
  expiresAt!: Date | null;

  @Field(() => [StockReservationLine])
  lines!: StockReservationLine[];
}

@InputType("ReservationLineInput")
@Directive("@inaccessible")
export class ReservationLineInput {
  @Field(() => String)
  sku!: string;

  @Field(() => Int, { description: "1 to 1000." })
  quantity!: number;
}

@InputType("ReserveStockInput")
@Directive("@inaccessible")
export class ReserveStockInput {
  @Field(() => ID, { description: "Idempotency: the same reference again returns the reservation made the first time." })
  reference!: string;

  @Field(() => ID, { nullable: true, description: "Where to hold the units; null lets inventory choose a location that holds every line (warehouses first)." })
  storeId?: string | null;

  @Field(() => [ReservationLineInput], { description: "1 to 100 lines, each SKU once." })
  lines!: ReservationLineInput[];

  @Field(() => Int, {
    nullable: true,
    description: "1 to 86400 seconds: how long the reservation stands before its holder must confirm it (confirmStockReservations). Null: it never expires.",
  })
  holdSeconds?: number | null;
}
