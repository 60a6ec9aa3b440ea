import { registerEnumType } from "type-graphql";

/** Derived from a customer's touchpoints: see JourneyService.summariesOf for the rules. */
export enum ShoppingStage {
  BROWSING = "BROWSING",
  CONSIDERING = "CONSIDERING",
  IN_CART = "IN_CART",
  PURCHASED = "PURCHASED",
  AWAITING_PICKUP = "AWAITING_PICKUP",
}

registerEnumType(ShoppingStage, {
  name: "ShoppingStage",
  description: "Where a customer is in their journey, derived from their newest touchpoint.",
  valuesConfig: {
    BROWSING: { description: "Looking around: no product viewed twice and no store visit in the last 14 days." },
    CONSIDERING: { description: "Viewed the same variant at least twice, or checked in at a store, in the last 14 days." },
    IN_CART: { description: "Their newest touchpoint put something in the cart." },
    PURCHASED: { description: "Their newest touchpoint is an order (shipped) or a pickup." },
    AWAITING_PICKUP: { description: "Their newest touchpoint is an order to pick up in store, not picked up yet." },
  },
});
