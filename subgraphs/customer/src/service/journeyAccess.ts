import { CallerHeader, type RequestCaller, requireService } from "@platform/caller";
import type { Channel } from "@subgraph-kit/commerce";
import { badUserInput, forbidden } from "@platform/errors";
import { TouchpointType } from "../generated/prisma/enums";
import type { RecordTouchpointInput } from "../schema/recordTouchpointInput";

/** The services that may record touchpoints on a customer's behalf. */
export const TOUCHPOINT_SERVICES: readonly string[] = ["orders"];

/** Facts about orders: only the orders service knows them, so only it records them. */
const SERVICE_ONLY_TYPES: ReadonlySet<TouchpointType> = new Set([TouchpointType.ORDER_PLACED, TouchpointType.PICKED_UP]);
const NEEDS_SKU: ReadonlySet<TouchpointType> = new Set([TouchpointType.PRODUCT_VIEWED, TouchpointType.ADDED_TO_CART]);
const NEEDS_ORDER: ReadonlySet<TouchpointType> = new Set([TouchpointType.ORDER_PLACED, TouchpointType.PICKED_UP]);

const MAX_DEDUPE_KEY_LENGTH = 200;

/** A touchpoint the caller may record, in the form it is stored. */
export interface TouchpointDraft {
  customerId: string;
  type: TouchpointType;
  channel: Channel;
  storeId: string | null;
  sku: string | null;
  orderId: string | null;
  dedupeKey: string | null;
}


/**
 * Who may record what (FORBIDDEN otherwise), and what a touchpoint needs (BAD_USER_INPUT):
 * - a service in TOUCHPOINT_SERVICES records any type for `input.customerId`, which it must give;
 * - a signed-in customer records PRODUCT_VIEWED, ADDED_TO_CART and STORE_CHECK_IN for themselves
 *   (`input.customerId` absent or their own id);
 * - nobody else records anything.
 * The channel is the request's. The store is the request's (x-commerce-store), except that a
 * service's `input.storeId` overrides it (the pickup store of an order placed at a kiosk in another
 * store), and a customer's `input.storeId` names the store of a STORE_CHECK_IN made without a
 * store header; a customer's `input.storeId` never contradicts the header (BAD_USER_INPUT).
 */
export function authorizeTouchpoint(caller: RequestCaller, input: RecordTouchpointInput): TouchpointDraft {
  const customerId = recordingCustomer(caller, input);
  const storeId = touchpointStore(caller, input);
  const sku = blankToNull(input.sku);
  const orderId = blankToNull(input.orderId);
  const dedupeKey = blankToNull(input.dedupeKey);
  if (NEEDS_SKU.has(input.type) && !sku) throw badUserInput(`"input.sku" is required for ${input.type}`, "input.sku");
  if (NEEDS_ORDER.has(input.type) && !orderId) throw badUserInput(`"input.orderId" is required for ${input.type}`, "input.orderId");
  if (input.type === TouchpointType.STORE_CHECK_IN && !storeId) {
    throw badUserInput(`"input.storeId" is required for STORE_CHECK_IN when the request names no store (header ${CallerHeader.store})`, "input.storeId");
  }
  if (dedupeKey && dedupeKey.length > MAX_DEDUPE_KEY_LENGTH) {
    throw badUserInput(`"input.dedupeKey" must be at most ${MAX_DEDUPE_KEY_LENGTH} characters`, "input.dedupeKey");
  }
  return { customerId, type: input.type, channel: caller.channel, storeId, sku, orderId, dedupeKey };
}

function recordingCustomer(caller: RequestCaller, input: RecordTouchpointInput): string {
  const named = blankToNull(input.customerId);
  if (caller.service) {
    requireService(caller, "recordTouchpoint", TOUCHPOINT_SERVICES);
    if (!named) throw badUserInput('"input.customerId" is required when a service records a touchpoint', "input.customerId");
    return named;
  }
  if (!caller.customerId) throw forbidden("recordTouchpoint needs a signed-in customer (or the orders service)");
  if (named && named !== caller.customerId) throw forbidden("A customer may record touchpoints only for themselves");
  if (SERVICE_ONLY_TYPES.has(input.type)) {
    throw forbidden(`${input.type} touchpoints are recorded by the orders service, not by a customer`);
  }
  return caller.customerId;
}

function touchpointStore(caller: RequestCaller, input: RecordTouchpointInput): string | null {
  const named = blankToNull(input.storeId);
  if (!named) return caller.storeId;
  // The orders service knows better than the device: a kiosk in one store may order for pickup in another.
  if (caller.service) return named;
  if (caller.storeId && named !== caller.storeId) {
    throw badUserInput(`"input.storeId" contradicts the store of the request (header ${CallerHeader.store}: ${caller.storeId})`, "input.storeId");
  }
  if (input.type !== TouchpointType.STORE_CHECK_IN && !caller.storeId) {
    throw badUserInput(`"input.storeId" may be given by a customer only for STORE_CHECK_IN; other touchpoints take the request's store`, "input.storeId");
  }
  return named;
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Whose consent the caller may change: their own, or any customer's for a service or an admin. */
export function authorizeConsentChange(caller: RequestCaller, customerId: string | null | undefined): string {
  const named = blankToNull(customerId);
  if (caller.service || caller.adminId) {
    if (!named) throw badUserInput('"input.customerId" is required when a service or an admin updates consent', "input.customerId");
    return named;
  }
  if (!caller.customerId) throw forbidden("updateConsent needs a signed-in customer, or an admin acting for one");
  if (named && named !== caller.customerId) throw forbidden("A customer may update only their own consent");
  return caller.customerId;
}
