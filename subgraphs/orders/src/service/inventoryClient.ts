import type { SubgraphClient } from "@subgraph-kit";

const RESERVATION_FIELDS = "reference storeId status expiresAt";

const RESERVE_STOCK = /* GraphQL */ `
  mutation ReserveStock($input: ReserveStockInput!) { reserveStock(input: $input) { ${RESERVATION_FIELDS} } }
`;
const RELEASE_RESERVATION = /* GraphQL */ `
  mutation ReleaseStockReservation($reference: ID!) { releaseStockReservation(reference: $reference) { ${RESERVATION_FIELDS} } }
`;
const FULFIL_RESERVATION = /* GraphQL */ `
  mutation FulfilStockReservation($reference: ID!) { fulfilStockReservation(reference: $reference) { ${RESERVATION_FIELDS} } }
`;
const EXPIRED_RESERVATIONS = /* GraphQL */ `
  query ExpiredStockReservations($first: Int!) { expiredStockReservations(first: $first) { ${RESERVATION_FIELDS} } }
`;
const CONFIRM_RESERVATIONS = /* GraphQL */ `
  mutation ConfirmStockReservations($references: [ID!]!) { confirmStockReservations(references: $references) { ${RESERVATION_FIELDS} } }
`;

export interface StockReservation {
  reference: string;
  /** Null for a tombstone: a release recorded before any reservation. */
  storeId: string | null;
  status: "ACTIVE" | "RELEASED" | "FULFILLED";
  /** ISO instant after which an unconfirmed reservation is checked by the reconciler; null once confirmed. */
  expiresAt: string | null;
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

  /**
   * Reserves every line or none; `storeId` null lets inventory choose a warehouse that holds them
   * all. The reservation expires after `holdSeconds` unless confirmed (the reconciler confirms it
   * once the order exists).
   */
  async reserve(reference: string, storeId: string | null, lines: readonly ReservationLine[], holdSeconds: number): Promise<StockReservation> {
    const data = await this.client.query<{ reserveStock: StockReservation }>(RESERVE_STOCK, {
      input: { reference, storeId, holdSeconds, lines: lines.map(({ sku, quantity }) => ({ sku, quantity })) },
    });
    return data.reserveStock;
  }

  /** RELEASED when nothing is held under `reference` any more (inventory records a reference it never saw as released). */
  async release(reference: string): Promise<StockReservation | null> {
    const data = await this.client.query<{ releaseStockReservation: StockReservation | null }>(RELEASE_RESERVATION, { reference });
    return data.releaseStockReservation;
  }

  /** This service's ACTIVE reservations whose hold has passed, oldest first. */
  async expired(first: number): Promise<StockReservation[]> {
    const data = await this.client.query<{ expiredStockReservations: StockReservation[] }>(EXPIRED_RESERVATIONS, { first });
    return data.expiredStockReservations;
  }

  /** These reservations belong to orders: they no longer expire. */
  async confirm(references: readonly string[]): Promise<StockReservation[]> {
    const data = await this.client.query<{ confirmStockReservations: StockReservation[] }>(CONFIRM_RESERVATIONS, { references });
    return data.confirmStockReservations;
  }

  /** The goods left the location: the reserved units come off the shelf count. */
  async fulfil(reference: string): Promise<StockReservation> {
    const data = await this.client.query<{ fulfilStockReservation: StockReservation }>(FULFIL_RESERVATION, { reference });
    return data.fulfilStockReservation;
  }
}
