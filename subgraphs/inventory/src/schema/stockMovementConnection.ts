import { ConnectionType } from "@subgraph-kit";
import { StockMovement } from "./stockMovement";

/** `StockMovementConnection` and `StockMovementEdge`: a page of movements, newest first. */
export const StockMovementConnection = ConnectionType(StockMovement, "StockMovement");
