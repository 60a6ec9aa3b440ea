import { badUserInput } from "@platform/errors";
import { decodeCursor, encodeCursor, pageSize } from "@subgraph-kit/pagination";

/** The sort key of Customer.touchpoints, newest first: (occurredAt DESC, id DESC). The id breaks ties. */
export interface TouchpointCursor {
  occurredAt: Date;
  id: string;
}

/** One page of a customer's touchpoints: `size` of them after `after` (from the newest when null). */
export interface TouchpointsPage {
  size: number;
  after: TouchpointCursor | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function touchpointCursorOf(touchpoint: TouchpointCursor): string {
  return encodeCursor([touchpoint.occurredAt.toISOString(), touchpoint.id]);
}

/** Validates Customer.touchpoints' arguments; bad ones are BAD_USER_INPUT naming "first" or "after". */
export function parseTouchpointsPage(first: number | null | undefined, after: string | null | undefined): TouchpointsPage {
  return { size: pageSize(first, "first"), after: after == null ? null : parseTouchpointCursor(after, "after") };
}

/** Equal for pages that one SQL statement can fetch for many customers at once. */
export function touchpointsPageShape(page: TouchpointsPage): string {
  return JSON.stringify([page.size, page.after?.occurredAt.toISOString() ?? null, page.after?.id ?? null]);
}

function parseTouchpointCursor(cursor: string, argument: string): TouchpointCursor {
  const [occurredAt, id] = decodeCursor(cursor, 2, argument);
  const at = typeof occurredAt === "string" ? new Date(occurredAt) : null;
  // A round trip rejects anything we would not have written.
  const wellFormed = at !== null && !Number.isNaN(at.getTime()) && at.toISOString() === occurredAt;
  if (!wellFormed || typeof id !== "string" || !UUID.test(id)) {
    throw badUserInput(`"${argument}" is not a cursor this field returned; pass an endCursor from a previous page`, argument);
  }
  return { occurredAt: at, id };
}
