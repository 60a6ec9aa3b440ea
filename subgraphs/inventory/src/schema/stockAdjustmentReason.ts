import { registerEnumType } from "type-graphql";

/** The reasons an associate may give; the values are StockMovementReason's, so a movement records them as they are. */
export enum StockAdjustmentReason {
  CYCLE_COUNT = "CYCLE_COUNT",
  DAMAGED = "DAMAGED",
  RECEIVED = "RECEIVED",
  FOUND = "FOUND",
  RETURN = "RETURN",
}

registerEnumType(StockAdjustmentReason, {
  name: "StockAdjustmentReason",
  description: "Why an associate changes the on-hand count.",
  valuesConfig: {
    CYCLE_COUNT: { description: "The shelf was counted: give countedQuantity, the new on-hand count (units reserved for orders but still here included)." },
    DAMAGED: { description: "Units written off: a negative delta." },
    RECEIVED: { description: "A delivery was booked in: a positive delta." },
    FOUND: { description: "Units turned up: a positive delta." },
    RETURN: { description: "A customer's return went back on the shelf: a positive delta." },
  },
});
