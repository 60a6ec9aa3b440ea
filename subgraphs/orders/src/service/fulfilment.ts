import type { Fulfilment } from "../schema/fulfilment";
import { FulfilmentType } from "../schema/fulfilmentType";
import type { OrderRecord } from "./orderRecords";

/**
 * The columns of one fulfilment type are set and the other's are null: the table's CHECK
 * constraints guarantee it, so the non-null assertions below cannot fail on stored rows.
 */
export function fulfilmentOf(order: OrderRecord): Fulfilment {
  if (order.fulfilmentType === FulfilmentType.PICKUP) {
    return { type: FulfilmentType.PICKUP, pickupStore: { id: order.pickupStoreId! }, shippingAddress: null };
  }
  return {
    type: FulfilmentType.SHIP,
    pickupStore: null,
    // null once the customer was erased (GDPR): only the country is kept, for taxes.
    shippingAddress: order.shippingLine1 == null ? null : {
      line1: order.shippingLine1!,
      line2: order.shippingLine2,
      city: order.shippingCity!,
      postcode: order.shippingPostcode!,
      country: order.shippingCountry!,
    },
  };
}
