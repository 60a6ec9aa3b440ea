import { ConnectionType } from "@subgraph-kit";
import { Product } from "./product";

/** `ProductConnection` and `ProductEdge`: a page of products, ordered by id. */
export const ProductConnection = ConnectionType(Product, "Product");
