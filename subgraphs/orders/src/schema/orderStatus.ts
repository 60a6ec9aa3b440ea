import { registerEnumType } from "type-graphql";

export enum OrderStatus {
  PLACED = "PLACED",
  READY_FOR_PICKUP = "READY_FOR_PICKUP",
  SHIPPED = "SHIPPED",
  COMPLETED = "COMPLETED",
  CANCELLED = "CANCELLED",
}

registerEnumType(OrderStatus, {
  name: "OrderStatus",
  description: "Where an order is in its life.",
  valuesConfig: {
    PLACED: { description: "Accepted; not yet fulfilled." },
    READY_FOR_PICKUP: { description: "Waiting at the pickup store (pickup orders only)." },
    SHIPPED: { description: "Handed to the carrier (shipped orders only)." },
    COMPLETED: { description: "Collected or delivered." },
    CANCELLED: { description: "Will not be fulfilled." },
  },
});
