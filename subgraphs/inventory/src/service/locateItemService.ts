import { badUserInput } from "@platform/errors";
import { isValidGtin } from "@subgraph-kit";
import type { InventoryLoaders } from "../loaders/inventoryLoaders";
import type { LocatedItem } from "../schema/locatedItem";
import type { LocateItemArgs } from "../schema/locateItemArgs";
import type { CatalogClient } from "./catalogClient";
import type { StoreService } from "./storeService";

/** A text search locates the variants of at most this many products: a handheld shows one screenful. */
export const TEXT_SEARCH_PRODUCT_LIMIT = 25;

type Lookup = { by: "barcode"; barcode: string } | { by: "sku"; sku: string } | { by: "text"; text: string };

export class LocateItemService {
  constructor(
    private readonly loaders: InventoryLoaders,
    private readonly stores: StoreService,
    private readonly catalog: CatalogClient,
  ) {}

  /**
   * The variants matching the lookup that the store holds stock of or has a shelf for, in the
   * order catalog ranks them. Anything else is left out: a SKU the store has never recorded may
   * not exist at all, and LocatedItem.variant must resolve.
   */
  async locate(args: LocateItemArgs): Promise<LocatedItem[]> {
    const lookup = validLookup(args);
    const store = await this.stores.require(args.storeId);
    const skus = await this.skusFor(lookup);

    const keys = skus.map((sku) => ({ sku, storeId: store.id }));
    const [stockLevels, shelfLocations] = await Promise.all([
      this.loaders.stockLevelAt.loadMany(keys),
      this.loaders.shelfLocationAt.loadMany(keys),
    ]);

    return skus.flatMap((sku, index) => {
      const stock = orThrow(stockLevels[index]!);
      const shelfLocation = orThrow(shelfLocations[index]!);
      return stock || shelfLocation ? [{ variant: { sku }, store, stock, shelfLocation }] : [];
    });
  }

  private async skusFor(lookup: Lookup): Promise<string[]> {
    switch (lookup.by) {
      case "sku":
        return [lookup.sku];
      case "barcode": {
        const sku = await this.catalog.skuByBarcode(lookup.barcode);
        return sku === null ? [] : [sku];
      }
      case "text":
        return this.catalog.skusMatchingText(lookup.text, TEXT_SEARCH_PRODUCT_LIMIT);
    }
  }
}

/** Exactly one of barcode, sku and text, well formed; checked before any query or call to catalog. */
function validLookup({ barcode, sku, text }: LocateItemArgs): Lookup {
  const given = Object.entries({ barcode, sku, text }).filter(([, value]) => value != null);
  if (given.length !== 1) {
    const got = given.length === 0 ? "none" : given.map(([name]) => `"${name}"`).join(" and ");
    // Several arguments are at fault together, so the message names them and no single `argument` is set.
    throw badUserInput(`Pass exactly one of "barcode", "sku" or "text" (got ${got})`);
  }
  if (barcode != null) {
    if (!isValidGtin(barcode)) {
      throw badUserInput(`"barcode" must be a GTIN-8, -12, -13 or -14 with a valid check digit, got "${barcode}"`, "barcode");
    }
    return { by: "barcode", barcode };
  }
  if (sku != null) {
    if (sku.trim() === "") throw badUserInput('"sku" must not be empty', "sku");
    return { by: "sku", sku };
  }
  if (text!.trim() === "") throw badUserInput('"text" must contain at least one word', "text");
  return { by: "text", text: text! };
}

/** DataLoader.loadMany reports a failed key as an Error in its place rather than rejecting. */
function orThrow<T>(result: T | Error): T {
  if (result instanceof Error) throw result;
  return result;
}
