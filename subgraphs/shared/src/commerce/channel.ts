import { registerEnumType } from "type-graphql";
import { Channel } from "@platform/caller";

export { Channel };

// The same enum, value for value, in every subgraph that uses it.
registerEnumType(Channel, { name: "Channel", description: "The sales channel a request or an order comes from." });
