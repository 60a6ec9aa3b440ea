import { ConnectionType } from "@subgraph-kit/pagination";
import { Order } from "./order";

export const OrderConnection = ConnectionType(Order, "Order");
