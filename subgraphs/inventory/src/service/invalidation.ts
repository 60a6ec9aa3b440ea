import { entityTag, rootTag } from "@platform/invalidation";
import { reportInvalidation } from "@subgraph-kit";

/**
 * After a committed change of stock or shelf places: the gateway drops what it cached of these
 * variants (availability, stockLevels, shelfLocation) and of inventory's root fields.
 */
export function reportStockChanged(skus: Iterable<string>): void {
  reportInvalidation(...[...new Set(skus)].map((sku) => entityTag("ProductVariant", { sku })), rootTag("inventory"));
}
