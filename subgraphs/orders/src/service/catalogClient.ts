import type { Channel, SubgraphClient } from "@subgraph-kit";

const VARIANTS_BY_SKU = /* GraphQL */ `
  query VariantsBySku($representations: [_Any!]!, $channel: Channel) {
    _entities(representations: $representations) {
      ... on ProductVariant { sku price(channel: $channel) { amountMinor currencyCode } product { name } }
    }
  }
`;

export interface CatalogVariant {
  sku: string;
  productName: string;
  unitPriceMinor: number;
  currency: string;
}

/**
 * What orders asks catalog, the source of record for what a SKU is and costs: one `_entities`
 * call for a whole cart, priced for the channel that checks out.
 */
export class CatalogClient {
  constructor(private readonly client: SubgraphClient) {}

  /** The variants by SKU, priced on `channel`; a SKU catalog does not know is absent from the map. */
  async variants(skus: readonly string[], channel: Channel): Promise<Map<string, CatalogVariant>> {
    if (skus.length === 0) return new Map();
    const data = await this.client.query<{
      _entities: ({ sku: string; price: { amountMinor: number; currencyCode: string }; product: { name: string } } | null)[];
    }>(VARIANTS_BY_SKU, { representations: skus.map((sku) => ({ __typename: "ProductVariant", sku })), channel });
    const variants = new Map<string, CatalogVariant>();
    for (const variant of data._entities) {
      if (!variant) continue;
      variants.set(variant.sku, {
        sku: variant.sku,
        productName: variant.product.name,
        unitPriceMinor: variant.price.amountMinor,
        currency: variant.price.currencyCode,
      });
    }
    return variants;
  }
}
