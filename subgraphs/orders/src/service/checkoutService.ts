import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { badUserInput, conflict, ErrorCode, forbidden, invalidState, notFound, type RequestCaller } from "../../../shared/src";
import { type Checkout, Prisma, type PrismaClient } from "../generated/prisma/client";
import { CartStatus } from "../schema/cartStatus";
import type { CheckoutInput, FulfilmentInput } from "../schema/checkoutInput";
import { FulfilmentType } from "../schema/fulfilmentType";
import { OrderStatus } from "../schema/orderStatus";
import type { CartLineRecord, CartRecord, CartService } from "./cartService";
import { requireOpen } from "./cartService";
import type { CatalogClient, CatalogVariant } from "./catalogClient";
import type { InventoryClient } from "./inventoryClient";
import type { JourneyClient } from "./journeyClient";
import { reportOrderChanged } from "./invalidation";
import { recordOrderEvent } from "./orderEvents";
import { newOrderNumber } from "./orderNumber";
import type { OrderRecord } from "./orderRecords";
import { StockReleases } from "./stockReleases";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** How long a duplicate waits for the checkout under way with its key before answering CONFLICT. */
const IN_FLIGHT_WAIT_MS = 3000;
const IN_FLIGHT_POLL_MS = 100;

/**
 * Cart to order, as a saga over two sources of record:
 *
 * 1. claim the idempotency key (a row per key: a retry finds the order the first attempt placed);
 * 2. price the cart's lines in catalog, on the checkout's channel;
 * 3. reserve every line in inventory, all or nothing, under the order's id as reference;
 * 4. in one transaction: the order and its lines, the cart CHECKED_OUT (only if nobody changed it
 *    since step 2), the key COMPLETED, and the OrderPlaced event.
 *
 * When 3 or 4 fails, the reservation is released (StockReleases: recorded in the same transaction
 * that marks the key FAILED, so the release survives an inventory outage), and the key may be
 * retried. No order exists without its stock and no stock stays reserved without its order.
 */
export class CheckoutService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly carts: CartService,
    private readonly catalog: CatalogClient,
    private readonly inventory: InventoryClient,
    private readonly releases: StockReleases,
    private readonly journey: JourneyClient,
    private readonly eventsCommitted: () => void,
  ) {}

  async checkout(input: CheckoutInput, caller: RequestCaller): Promise<OrderRecord> {
    const key = checkIdempotencyKey(input.idempotencyKey);
    const fulfilment = checkFulfilment(input.fulfilment);
    const cart = await this.carts.byToken(input.cartToken);
    const customerId = customerOf(cart, caller);

    const claim = await this.claim(key, cart, customerId);
    if (claim.kind === "placed") return claim.order;

    let order: OrderRecord;
    let reserved = false;
    try {
      requireOpen(cart);
      const lines = await this.prisma.cartLine.findMany({ where: { cartId: cart.id }, orderBy: [{ addedAt: "asc" }, { sku: "asc" }] });
      if (lines.length === 0) throw badUserInput("The cart is empty: add lines before checking out", "cartToken");
      const priced = priceLines(lines, await this.catalog.variants(lines.map((line) => line.sku), caller.channel));

      reserved = true; // from here on, a failure may leave a reservation behind (even a timeout may have reserved)
      await this.inventory.reserve(claim.orderId, fulfilment.pickupStoreId, lines);
      order = await this.placeOrder(claim.orderId, key, cart, customerId, lines, priced, fulfilment, caller);
    } catch (error) {
      await this.fail(key, claim.orderId, error, reserved && !isDefiniteRefusal(error));
      throw error;
    }

    this.eventsCommitted();
    reportOrderChanged(order);
    await this.journey.record(caller, {
      type: "ORDER_PLACED",
      customerId,
      orderId: order.id,
      storeId: fulfilment.pickupStoreId,
      dedupeKey: `order-placed:${order.id}`,
    });
    return order;
  }

  /** Takes the key for this attempt, or answers what an earlier attempt with the same key did. */
  private async claim(key: string, cart: CartRecord, customerId: string): Promise<{ kind: "attempt"; orderId: string } | { kind: "placed"; order: OrderRecord }> {
    const orderId = randomUUID();
    try {
      await this.prisma.checkout.create({ data: { idempotencyKey: key, cartId: cart.id, customerId, status: "PENDING", orderId } });
      return { kind: "attempt", orderId };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }

    const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
    for (;;) {
      const existing = await this.prisma.checkout.findUniqueOrThrow({ where: { idempotencyKey: key } });
      if (existing.cartId !== cart.id || existing.customerId !== customerId) {
        throw badUserInput("This idempotency key was used for another checkout; use a new key for a new checkout", "idempotencyKey");
      }
      if (existing.status === "COMPLETED") return { kind: "placed", order: await this.orderOf(existing) };
      if (existing.status === "FAILED") {
        const retryId = randomUUID();
        const retaken = await this.prisma.checkout.updateMany({
          where: { idempotencyKey: key, status: "FAILED" },
          data: { status: "PENDING", orderId: retryId, failure: null },
        });
        if (retaken.count === 1) return { kind: "attempt", orderId: retryId };
      }
      if (Date.now() >= deadline) throw conflict("A checkout with this idempotency key is still under way; retry it in a moment with the same key");
      await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_POLL_MS));
    }
  }

  private async placeOrder(
    orderId: string,
    key: string,
    cart: CartRecord,
    customerId: string,
    lines: CartLineRecord[],
    priced: Map<string, CatalogVariant>,
    fulfilment: CheckedFulfilment,
    caller: RequestCaller,
  ): Promise<OrderRecord> {
    const currency = priced.values().next().value!.currency;
    const orderLines = lines.map((line, index) => ({
      id: `${orderId}-${index + 1}`,
      lineNumber: index + 1,
      sku: line.sku,
      productName: priced.get(line.sku)!.productName,
      quantity: line.quantity,
      unitPriceMinor: priced.get(line.sku)!.unitPriceMinor,
    }));
    return this.prisma.$transaction(async (tx) => {
      const checkedOut = await tx.cart.updateMany({
        where: { id: cart.id, status: CartStatus.OPEN, updatedAt: cart.updatedAt },
        data: { status: CartStatus.CHECKED_OUT, orderId, lastChannel: caller.channel },
      });
      if (checkedOut.count === 0) {
        throw invalidState("The cart changed while checking out (another device edited or checked it out); review it and check out again", {
          argument: "cartToken",
        });
      }
      const order = await tx.order.create({
        data: {
          id: orderId,
          number: newOrderNumber(),
          customerId,
          channel: caller.channel,
          status: OrderStatus.PLACED,
          placedAt: new Date(),
          currency,
          fulfilmentType: fulfilment.type,
          pickupStoreId: fulfilment.pickupStoreId,
          shippingLine1: fulfilment.address?.line1 ?? null,
          shippingLine2: fulfilment.address?.line2 ?? null,
          shippingCity: fulfilment.address?.city ?? null,
          shippingPostcode: fulfilment.address?.postcode ?? null,
          shippingCountry: fulfilment.address?.country ?? null,
          channels: channelsOf(cart, lines, caller),
          lines: { create: orderLines.map(({ id, lineNumber, sku, productName, quantity, unitPriceMinor }) => ({ id, lineNumber, sku, productName, quantity, unitPriceMinor })) },
        },
      });
      await tx.checkout.update({ where: { idempotencyKey: key }, data: { status: "COMPLETED" } });
      await recordOrderEvent(tx, {
        type: "OrderPlaced",
        payload: {
          orderId,
          number: order.number,
          customerId,
          channel: caller.channel,
          status: OrderStatus.PLACED,
          fulfilment: { type: fulfilment.type, pickupStoreId: fulfilment.pickupStoreId },
          lines: orderLines.map(({ sku, quantity, unitPriceMinor }) => ({ sku, quantity, unitPriceMinor })),
          totalMinor: orderLines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0),
          currency,
        },
      });
      return order;
    });
  }

  /** Marks the attempt FAILED and, when it may have reserved stock, releases that stock (now or on a later sweep). */
  private async fail(key: string, orderId: string, error: unknown, release: boolean): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.checkout.update({ where: { idempotencyKey: key }, data: { status: "FAILED", failure: describeFailure(error) } });
      if (release) await StockReleases.schedule(tx, orderId, "checkout failed");
    });
    if (release) await this.releases.release(orderId);
  }

  private async orderOf(checkout: Checkout): Promise<OrderRecord> {
    const order = await this.prisma.order.findUnique({ where: { id: checkout.orderId } });
    if (!order) throw notFound(`The order placed with this idempotency key (${checkout.orderId}) no longer exists`);
    return order;
  }
}

interface CheckedFulfilment {
  type: FulfilmentType;
  pickupStoreId: string | null;
  address: FulfilmentInput["shippingAddress"] | null;
}

function checkIdempotencyKey(key: string): string {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw badUserInput('"idempotencyKey" must be 8 to 128 characters of letters, digits and _ . : - (a UUID will do)', "idempotencyKey");
  }
  return key;
}

function checkFulfilment(fulfilment: FulfilmentInput): CheckedFulfilment {
  if (fulfilment.type === FulfilmentType.PICKUP) {
    const storeId = fulfilment.pickupStoreId?.trim();
    if (!storeId) throw badUserInput("A PICKUP checkout needs fulfilment.pickupStoreId", "fulfilment.pickupStoreId");
    if (fulfilment.shippingAddress) throw badUserInput("A PICKUP checkout takes no shippingAddress", "fulfilment.shippingAddress");
    return { type: FulfilmentType.PICKUP, pickupStoreId: storeId, address: null };
  }
  if (fulfilment.pickupStoreId) throw badUserInput("A SHIP checkout takes no pickupStoreId", "fulfilment.pickupStoreId");
  const address = fulfilment.shippingAddress;
  if (!address) throw badUserInput("A SHIP checkout needs fulfilment.shippingAddress", "fulfilment.shippingAddress");
  for (const field of ["line1", "city", "postcode"] as const) {
    if (!address[field]?.trim()) throw badUserInput(`fulfilment.shippingAddress.${field} must not be empty`, `fulfilment.shippingAddress.${field}`);
  }
  if (!/^[A-Z]{2}$/.test(address.country)) {
    throw badUserInput("fulfilment.shippingAddress.country must be an ISO 3166-1 alpha-2 code such as GB", "fulfilment.shippingAddress.country");
  }
  return { type: FulfilmentType.SHIP, pickupStoreId: null, address };
}

/** The order's customer: the cart's owner, or the signed-in caller for an anonymous cart. */
function customerOf(cart: CartRecord, caller: RequestCaller): string {
  if (cart.customerId && caller.customerId && cart.customerId !== caller.customerId) throw forbidden("This cart belongs to another customer");
  const customerId = cart.customerId ?? caller.customerId;
  if (!customerId) throw forbidden("Checkout needs a customer: sign in (header x-commerce-customer) or check out a cart that belongs to one");
  return customerId;
}

function priceLines(lines: CartLineRecord[], variants: Map<string, CatalogVariant>): Map<string, CatalogVariant> {
  const missing = lines.filter((line) => !variants.has(line.sku)).map((line) => line.sku);
  if (missing.length > 0) throw badUserInput(`The catalog no longer sells ${missing.join(", ")}: remove it from the cart`, "cartToken");
  const currencies = new Set([...variants.values()].map((variant) => variant.currency));
  if (currencies.size > 1) throw badUserInput(`The cart mixes currencies (${[...currencies].join(", ")}); one order has one currency`, "cartToken");
  return variants;
}

/** The channels the cart went through, in order, each once: where it started, where lines were added, where it is checked out. */
function channelsOf(cart: CartRecord, lines: CartLineRecord[], caller: RequestCaller) {
  const sequence = [cart.createdOn, ...[...lines].sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime()).map((line) => line.addedOn), caller.channel];
  return [...new Set(sequence)];
}

/** Inventory said no (not enough stock, bad input): it reserved nothing, so there is nothing to release. */
function isDefiniteRefusal(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === ErrorCode.BAD_USER_INPUT && error.extensions.subgraph === "inventory";
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function describeFailure(error: unknown): string {
  if (error instanceof GraphQLError) return `${String(error.extensions.code ?? "ERROR")}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
