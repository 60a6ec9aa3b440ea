import { callerIdentity, type RequestCaller } from "@platform/caller";
import type { Logger } from "@platform/logging";
import type { SubgraphClient } from "@subgraph-kit";

const RECORD_TOUCHPOINT = /* GraphQL */ `
  mutation RecordTouchpoint($input: RecordTouchpointInput!) { recordTouchpoint(input: $input) { recorded reason } }
`;

export type OrdersTouchpoint = "ADDED_TO_CART" | "ORDER_PLACED" | "PICKED_UP";

export interface TouchpointRecord {
  type: OrdersTouchpoint;
  customerId: string;
  sku?: string;
  storeId?: string | null;
  orderId?: string;
  /** Makes a retried call record nothing new (e.g. `order-placed:<orderId>`). */
  dedupeKey?: string;
}

/**
 * Records journey touchpoints in the customer subgraph, on the channel of the client request
 * that caused them. A touchpoint is analytics, not a commitment: it is recorded after the
 * change it describes has committed, and failing to record it never fails that change (it is
 * logged). The customer subgraph applies the customer's analytics consent.
 */
export class JourneyClient {
  constructor(
    private readonly client: SubgraphClient,
    private readonly logger: Logger,
  ) {}

  async record(caller: RequestCaller, touchpoint: TouchpointRecord): Promise<void> {
    const { storeId, ...rest } = touchpoint;
    try {
      await this.client.query(RECORD_TOUCHPOINT, { input: { ...rest, ...(storeId ? { storeId } : {}) } }, callerIdentity(caller));
    } catch (error) {
      this.logger.warn({ err: error, touchpoint: touchpoint.type, customerId: touchpoint.customerId }, "could not record a journey touchpoint");
    }
  }
}
