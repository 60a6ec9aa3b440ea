import { ConnectionType } from "../../../shared/src/pagination";
import { Order } from "./order";

export const OrderConnection = ConnectionType(Order, "Order");
