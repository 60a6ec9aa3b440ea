import type { SubgraphClient } from "../../../shared/src";

const RESERVATION_FIELDS = "reference storeId status";

const RESERVE_STOCK = /* GraphQL */ `
  mutation ReserveStock($input: ReserveStockInput!) { reserveStock(input: $input) { ${RESERVATION_FIELDS} } }
`;
const RELEASE_RESERVATION = /* GraphQL */ `
  mutation ReleaseStockReservation($reference: ID!) { releaseStockReservation(reference: $reference) { ${RESERVATION_FIELDS} } }
`;
const FULFIL_RESERVATION = /* GraphQL */ `
  mutation FulfilStockReservation($reference: ID!) { fulfilStockReservation(reference: $reference) { ${RESERVATION_FIELDS} } }
`;

export interface StockReservation {
  reference: string;
  storeId: string;
  status: "ACTIVE" | "RELEASED" | "FULFILLED";
}

export interface ReservationLine {
  sku: string;
  quantity: number;
}

/**
 * Orders' calls into inventory, which owns stock: every call is idempotent per reference (the
 * order id), so a retry after a lost answer never reserves, releases or ships twice.
 * Inventory's refusals (INSUFFICIENT_STOCK, an illegal reservation state) arrive as GraphQL
 * errors with its codes; an unreachable inventory as SUBGRAPH_UNAVAILABLE.
 */
export class InventoryClient {
  constructor(private readonly client: SubgraphClient) {}

  /** Reserves every line or none; `storeId` null lets inventory choose a warehouse that holds them all. */
  async reserve(reference: string, storeId: string | null, lines: readonly ReservationLine[]): Promise<StockReservation> {
    const data = await this.client.query<{ reserveStock: StockReservation }>(RESERVE_STOCK, {
      input: { reference, storeId, lines: lines.map(({ sku, quantity }) => ({ sku, quantity })) },
    });
    return data.reserveStock;
  }

  /** Null when inventory never made that reservation (nothing to release). */
  async release(reference: string): Promise<StockReservation | null> {
    const data = await this.client.query<{ releaseStockReservation: StockReservation | null }>(RELEASE_RESERVATION, { reference });
    return data.releaseStockReservation;
  }

  /** The goods left the location: the reserved units come off the shelf count. */
  async fulfil(reference: string): Promise<StockReservation> {
    const data = await this.client.query<{ fulfilStockReservation: StockReservation }>(FULFIL_RESERVATION, { reference });
    return data.fulfilStockReservation;
  }
}
