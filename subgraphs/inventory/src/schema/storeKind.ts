import { registerEnumType } from "type-graphql";
import { StoreKind } from "../generated/prisma/enums";

registerEnumType(StoreKind, {
  name: "StoreKind",
  valuesConfig: {
    STORE: { description: "A shop customers visit." },
    WAREHOUSE: { description: "A distribution centre: ships orders, not open to customers." },
  },
});

export { StoreKind };
