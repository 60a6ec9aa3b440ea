import { registerEnumType } from "type-graphql";
import { TouchpointType } from "../generated/prisma/enums";

registerEnumType(TouchpointType, {
  name: "TouchpointType",
  description: "What happened at a moment of a customer's journey.",
  valuesConfig: {
    PRODUCT_VIEWED: { description: "Looked at a product variant (sku)." },
    ADDED_TO_CART: { description: "Put a variant (sku) in their cart." },
    STORE_CHECK_IN: { description: "Checked in at a store, e.g. at a kiosk; always names the store." },
    ORDER_PLACED: { description: "Placed an order (orderId); with a store when it is picked up there. Recorded by the orders service only." },
    PICKED_UP: { description: "Collected an order (orderId) at a store. Recorded by the orders service only." },
  },
});

export { TouchpointType };
