import { registerEnumType } from "type-graphql";
import { StockReservationStatus } from "../generated/prisma/enums";

registerEnumType(StockReservationStatus, {
  name: "StockReservationStatus",
  description: "Where a stock reservation stands.",
  valuesConfig: {
    ACTIVE: { description: "The units are held: counted in the location's reserved stock." },
    RELEASED: { description: "Given back: the order was cancelled or never placed." },
    FULFILLED: { description: "The goods left the location: a SALE movement took them off the shelf count." },
  },
});

export { StockReservationStatus };
