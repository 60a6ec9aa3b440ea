import { registerEnumType } from "type-graphql";

/** Where a request comes from. The same enum, value for value, in every subgraph that uses it. */
export enum Channel {
  WEB = "WEB",
  MOBILE = "MOBILE",
  KIOSK = "KIOSK",
  HANDHELD = "HANDHELD",
}

registerEnumType(Channel, { name: "Channel", description: "The sales channel a request or an order comes from." });
