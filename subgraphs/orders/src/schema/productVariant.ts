import { GraphQLString } from "graphql";
import { type EntityReference, entityReference } from "@subgraph-kit/federation";

/** The catalog subgraph owns ProductVariant; an order line only records which SKU it sold. */
export const ProductVariant = entityReference("ProductVariant", "sku", GraphQLString);
export type ProductVariant = EntityReference<"sku">;
