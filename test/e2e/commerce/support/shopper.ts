import type { GraphQLResponse } from "../../../support/graphqlClient";
import type { CommerceStack } from "../../../support/commerceStack";

export interface StockLevel {
  onHand: number;
  reserved: number;
  available: number;
}

/** The operations the commerce scenarios use, through the gateway, each with the caller's headers. */
export function shopper(stack: CommerceStack) {
  const ok = <T>(response: GraphQLResponse<T>): T => {
    if (response.status !== 200 || response.body.errors) {
      throw new Error(`expected success, got HTTP ${response.status}: ${JSON.stringify(response.body.errors)}`);
    }
    return response.body.data!;
  };

  return {
    async createCart(headers: Record<string, string>): Promise<string> {
      const data = ok(await stack.query<{ createCart: { token: string } }>(`mutation { createCart { token } }`, {}, headers));
      return data.createCart.token;
    },

    async addLine(cartToken: string, sku: string, quantity: number, headers: Record<string, string>): Promise<void> {
      ok(
        await stack.query(`mutation($input: AddCartLineInput!) { addCartLine(input: $input) { token } }`, { input: { cartToken, sku, quantity } }, headers),
      );
    },

    checkout(cartToken: string, idempotencyKey: string, pickupStoreId: string, headers: Record<string, string>) {
      return stack.query<{ checkout: { id: string; number: string; status: string; channels: string[] } }>(
        `mutation($input: CheckoutInput!) { checkout(input: $input) { id number status channels } }`,
        { input: { cartToken, idempotencyKey, fulfilment: { type: "PICKUP", pickupStoreId } } },
        headers,
      );
    },

    async stockAt(sku: string, storeId: string): Promise<StockLevel> {
      const data = ok(
        await stack.query<{ variant: { availability: StockLevel } }>(
          `query($sku: String!, $storeId: ID!) { variant(sku: $sku) { availability(storeId: $storeId) { onHand reserved available } } }`,
          { sku, storeId },
        ),
      );
      return data.variant.availability;
    },

    async adjust(input: { sku: string; storeId: string; reason: string; delta?: number; countedQuantity?: number }, headers: Record<string, string>) {
      return stack.query(`mutation($input: AdjustStockInput!) { adjustStock(input: $input) { delta reason } }`, { input }, headers);
    },

    ok,
  };
}
