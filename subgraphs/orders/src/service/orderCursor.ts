import { badUserInput } from "@platform/errors";
import { decodeCursor, encodeCursor } from "@subgraph-kit/pagination";

/** The sort key of Customer.orders, newest first: (placedAt DESC, id DESC). The id breaks ties. */
export interface OrderCursor {
  placedAt: Date;
  id: string;
}

export function orderCursorOf(order: OrderCursor): string {
  return encodeCursor([order.placedAt.toISOString(), order.id]);
}

/** Anything but a cursor `orderCursorOf` made is BAD_USER_INPUT naming `argument`. */
export function parseOrderCursor(cursor: string, argument = "after"): OrderCursor {
  const [placedAt, id] = decodeCursor(cursor, 2, argument);
  const placedAtDate = typeof placedAt === "string" ? new Date(placedAt) : null;
  // A round trip rejects anything we would not have written, such as "2026" or "1 May 2026".
  const wellFormed = placedAtDate !== null && !Number.isNaN(placedAtDate.getTime()) && placedAtDate.toISOString() === placedAt;
  if (!wellFormed || typeof id !== "string" || id === "") {
    throw badUserInput(`"${argument}" is not a cursor this field returned; pass an endCursor from a previous page`, argument);
  }
  return { placedAt: placedAtDate, id };
}
