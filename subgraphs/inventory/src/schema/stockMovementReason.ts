import { registerEnumType } from "type-graphql";
import { StockMovementReason } from "../generated/prisma/enums";

registerEnumType(StockMovementReason, {
  name: "StockMovementReason",
  description: "Why on-hand stock changed.",
  valuesConfig: {
    INITIAL: { description: "The opening balance when the location's stock was first recorded." },
    RECEIVED: { description: "A delivery arrived." },
    SALE: { description: "Sold or shipped to a customer." },
    RETURN: { description: "A customer returned it." },
    DAMAGED: { description: "Written off as damaged." },
    FOUND: { description: "Turned up where it was not recorded." },
    CYCLE_COUNT: { description: "A count of the shelf corrected the record." },
  },
});

export { StockMovementReason };
