import type { SubgraphClient } from "@subgraph-kit/serviceClient";

const ANONYMISE = /* GraphQL */ `
  mutation AnonymiseCustomerData($customerId: ID!) {
    anonymiseCustomerData(customerId: $customerId) { customerId ordersAnonymised ordersKept cartsDeleted }
  }
`;

export interface OrdersAnonymisation {
  ordersAnonymised: number;
  ordersKept: number;
  cartsDeleted: number;
}

/**
 * The orders subgraph's part of an erasure, called as the customer service (an @inaccessible
 * mutation only this service may call). Failing to reach orders is SUBGRAPH_UNAVAILABLE
 * (SubgraphClient); the tags orders reports come back into this request, so the gateway purges
 * the orders' cached answers too.
 */
export class OrdersPrivacyClient {
  constructor(private readonly client: () => SubgraphClient) {}

  async anonymise(customerId: string): Promise<OrdersAnonymisation> {
    const data = await this.client().query<{ anonymiseCustomerData: OrdersAnonymisation }>(ANONYMISE, { customerId });
    return data.anonymiseCustomerData;
  }
}
