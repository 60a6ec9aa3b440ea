import type { SubgraphClient } from "@subgraph-kit";

const VARIANT_BY_BARCODE = /* GraphQL */ `
  query VariantByBarcode($barcode: String!) {
    variantByBarcode(barcode: $barcode) { sku }
  }
`;

const VARIANTS_MATCHING_TEXT = /* GraphQL */ `
  query VariantsMatchingText($text: String!, $first: Int!) {
    products(filter: { text: $text }, first: $first) { edges { node { variants { sku } } } }
  }
`;

const VARIANT_BY_SKU = /* GraphQL */ `
  query VariantBySku($sku: String!) {
    variant(sku: $sku) { sku }
  }
`;

/**
 * What inventory asks catalog, which owns barcodes and product names. Failures surface as
 * SUBGRAPH_UNAVAILABLE (from SubgraphClient), so a handheld can tell "catalog is down" from "no such item".
 */
export class CatalogClient {
  constructor(private readonly client: SubgraphClient) {}

  async skuByBarcode(barcode: string): Promise<string | null> {
    const data = await this.client.query<{ variantByBarcode: { sku: string } | null }>(VARIANT_BY_BARCODE, { barcode });
    return data.variantByBarcode?.sku ?? null;
  }

  async variantExists(sku: string): Promise<boolean> {
    const data = await this.client.query<{ variant: { sku: string } | null }>(VARIANT_BY_SKU, { sku });
    return data.variant !== null;
  }

  /** The SKUs of the first `maxProducts` products matching `text`, in catalog's order. */
  async skusMatchingText(text: string, maxProducts: number): Promise<string[]> {
    const data = await this.client.query<{ products: { edges: { node: { variants: { sku: string }[] } }[] } }>(VARIANTS_MATCHING_TEXT, {
      text,
      first: maxProducts,
    });
    return data.products.edges.flatMap((edge) => edge.node.variants.map((variant) => variant.sku));
  }
}
