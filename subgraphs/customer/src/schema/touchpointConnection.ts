import { ConnectionType } from "@subgraph-kit/pagination";
import { Touchpoint } from "./touchpoint";

/** `TouchpointConnection` and `TouchpointEdge`: a page of touchpoints, newest first. */
export const TouchpointConnection = ConnectionType(Touchpoint, "Touchpoint");
