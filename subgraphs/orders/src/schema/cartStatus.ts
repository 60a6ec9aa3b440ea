import { registerEnumType } from "type-graphql";

export enum CartStatus {
  OPEN = "OPEN",
  MERGED = "MERGED",
  CHECKED_OUT = "CHECKED_OUT",
}

registerEnumType(CartStatus, {
  name: "CartStatus",
  valuesConfig: {
    OPEN: { description: "Lines can change; it can be checked out." },
    MERGED: { description: "Its lines moved into the customer's cart when they signed in." },
    CHECKED_OUT: { description: "It became an order." },
  },
});
