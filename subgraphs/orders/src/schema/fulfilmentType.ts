import { registerEnumType } from "type-graphql";

export enum FulfilmentType {
  SHIP = "SHIP",
  PICKUP = "PICKUP",
}

registerEnumType(FulfilmentType, {
  name: "FulfilmentType",
  description: "How an order reaches the customer.",
  valuesConfig: {
    SHIP: { description: "Delivered to a shipping address." },
    PICKUP: { description: "Collected from a store." },
  },
});
