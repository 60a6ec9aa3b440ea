import { GraphQLError } from "graphql";
import { badUserInput, ErrorCode, forbidden, invalidState, notFound } from "@platform/errors";
import { failpoint } from "@subgraph-kit";
import type { RequestCaller } from "@platform/caller";
import type { Checkout, PrismaClient } from "../generated/prisma/client";
import { CartStatus } from "../schema/cartStatus";
import type { CheckoutInput, FulfilmentInput } from "../schema/checkoutInput";
import { FulfilmentType } from "../schema/fulfilmentType";
import { OrderStatus } from "../schema/orderStatus";
import type { CartLineRecord, CartRecord, CartService } from "./cartService";
import { requireOpen } from "./cartService";
import type { CatalogClient, CatalogVariant } from "./catalogClient";
import type { CheckoutAttempt, CheckoutAttempts } from "./checkoutAttempts";
import type { InventoryClient } from "./inventoryClient";
import type { JourneyClient } from "./journeyClient";
import { reportOrderChanged } from "./invalidation";
import { recordOrderEvent } from "./orderEvents";
import { newOrderNumber } from "./orderNumber";
import type { OrderRecord } from "./orderRecords";
import { type CheckoutOutcome, NO_ORDERS_METRICS, type OrdersMetrics } from "./ordersMetrics";

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** How long a duplicate waits for the checkout under way with its key before answering CONFLICT. */
const IN_FLIGHT_WAIT_MS = 3000;
const IN_FLIGHT_POLL_MS = 100;

/**
 * Cart to order, as a saga over two sources of record. Each step has a named failpoint before
 * and after it (`checkout.<step>.before|after`), where the fault suite crashes the process:
 *
 * 1. claim: the key's row records the attempt's reference (the order id) and a lease before
 *    anything else happens, so whatever becomes of this process, the reference can be found;
 * 2. price the cart's lines in catalog, on the checkout's channel;
 * 3. reserve every line in inventory, all or nothing, under the reference, with a hold as long
 *    as the lease (an unconfirmed reservation expires into the reconciler's hands);
 * 4. order: in one transaction, the key COMPLETED (only if it is still this attempt's: fencing),
 *    the order and its lines, the cart CHECKED_OUT (only if nobody changed it since step 2), and
 *    the OrderPlaced event;
 * 5. response: the journey touchpoint, then the answer.
 *
 * When 3 or 4 fails in this process, the attempt is FAILED and its reference released (recorded
 * in the same transaction, so it survives an inventory outage), and the key may be retried. When
 * the process dies instead, the lease runs out: a retry of the key, or the recoverer, does the
 * same. Inventory refuses a reserve that arrives after its release, and the reconciler releases
 * any expired reservation no order or live attempt owns. So no order exists without its stock,
 * and no stock stays reserved without its order for longer than a lease and a reconcile period.
 */
export class CheckoutService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly carts: CartService,
    private readonly catalog: CatalogClient,
    private readonly inventory: InventoryClient,
    private readonly attempts: CheckoutAttempts,
    private readonly journey: JourneyClient,
    private readonly eventsCommitted: () => void,
    private readonly metrics: OrdersMetrics = NO_ORDERS_METRICS,
  ) {}

  async checkout(input: CheckoutInput, caller: RequestCaller): Promise<OrderRecord> {
    const key = checkIdempotencyKey(input.idempotencyKey);
    const fulfilment = checkFulfilment(input.fulfilment);
    const cart = await this.carts.byToken(input.cartToken);
    const customerId = customerOf(cart, caller);

    failpoint("checkout.claim.before");
    let claim: Awaited<ReturnType<CheckoutService["claim"]>>;
    try {
      claim = await this.claim(key, cart, customerId);
    } catch (error) {
      // The key's attempt is still under way (CONFLICT), or the claim itself failed; a key reused for another cart is the client's mistake, not a checkout.
      if (isCode(error, ErrorCode.CONFLICT)) this.metrics.checkout("conflict");
      else if (!(error instanceof GraphQLError)) this.metrics.checkout("failed");
      throw error;
    }
    if (claim.kind === "placed") return claim.order;
    const { attempt } = claim;
    failpoint("checkout.claim.after");

    let order: OrderRecord;
    let reserved = false;
    try {
      requireOpen(cart);
      const lines = await this.prisma.cartLine.findMany({ where: { cartId: cart.id }, orderBy: [{ addedAt: "asc" }, { sku: "asc" }] });
      if (lines.length === 0) throw badUserInput("The cart is empty: add lines before checking out", "cartToken");
      failpoint("checkout.price.before");
      const priced = priceLines(lines, await this.catalog.variants(lines.map((line) => line.sku), caller.channel));
      failpoint("checkout.price.after");

      failpoint("checkout.reserve.before");
      reserved = true; // from here on, a failure may leave a reservation behind (even a timeout may have reserved)
      await this.inventory.reserve(attempt.reference, fulfilment.pickupStoreId, lines, this.attempts.holdSeconds);
      failpoint("checkout.reserve.after");

      failpoint("checkout.order.before");
      order = await this.placeOrder(attempt, cart, customerId, lines, priced, fulfilment, caller);
      failpoint("checkout.order.after");
    } catch (error) {
      const mayHaveReserved = reserved && !isDefiniteRefusal(error);
      this.metrics.checkout(failureOutcome(error, mayHaveReserved));
      await this.attempts.fail(attempt, describeFailure(error), mayHaveReserved);
      throw error;
    }
    this.metrics.checkout("placed");

    this.eventsCommitted();
    reportOrderChanged(order);
    await this.journey.record(caller, {
      type: "ORDER_PLACED",
      customerId,
      orderId: order.id,
      storeId: fulfilment.pickupStoreId,
      dedupeKey: `order-placed:${order.id}`,
    });
    failpoint("checkout.response.before");
    return order;
  }

  /**
   * Takes the key for a new attempt, or answers what an earlier attempt with the same key did;
   * while one is under way, waits a little for it, then answers CONFLICT (never past its lease:
   * an attempt past its lease is taken over).
   */
  private async claim(key: string, cart: CartRecord, customerId: string): Promise<{ kind: "attempt"; attempt: CheckoutAttempt } | { kind: "placed"; order: OrderRecord }> {
    let claim = await this.attempts.claim(key, cart.id, customerId);
    const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
    for (;;) {
      if (claim.kind === "attempt") return claim;
      if (claim.checkout.cartId !== cart.id || claim.checkout.customerId !== customerId) {
        throw badUserInput("This idempotency key was used for another checkout; use a new key for a new checkout", "idempotencyKey");
      }
      if (claim.kind === "completed") return { kind: "placed", order: await this.orderOf(claim.checkout) };
      if (Date.now() >= deadline) throw this.attempts.busy(claim.checkout);
      await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_POLL_MS));
      claim = await this.attempts.reclaim(await this.prisma.checkout.findUniqueOrThrow({ where: { idempotencyKey: key } }));
    }
  }

  private async placeOrder(
    attempt: CheckoutAttempt,
    cart: CartRecord,
    customerId: string,
    lines: CartLineRecord[],
    priced: Map<string, CatalogVariant>,
    fulfilment: CheckedFulfilment,
    caller: RequestCaller,
  ): Promise<OrderRecord> {
    const orderId = attempt.reference;
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
      await this.attempts.complete(tx, attempt);
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
  if (!customerId) throw forbidden(
      "Checkout needs a customer: sign in (send the customer's bearer token in the authorization header) or check out a cart that belongs to a customer",
    );
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

/** Inventory said no (not enough stock, bad input, a reference already released): it holds nothing for it, so there is nothing to release. */
function isDefiniteRefusal(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions.code === ErrorCode.BAD_USER_INPUT && error.extensions.subgraph === "inventory";
}

/**
 * What a failed attempt counts as: inventory had too little stock; it lost its key to a takeover
 * (CONFLICT: it outlived its lease); it may have reserved, so its release was scheduled; or it failed.
 */
function failureOutcome(error: unknown, mayHaveReserved: boolean): CheckoutOutcome {
  if (error instanceof GraphQLError && error.extensions.reason === "INSUFFICIENT_STOCK" && error.extensions.subgraph === "inventory") return "insufficient_stock";
  if (isCode(error, ErrorCode.CONFLICT)) return "conflict";
  return mayHaveReserved ? "compensated" : "failed";
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof GraphQLError && error.extensions.code === code;
}

function describeFailure(error: unknown): string {
  if (error instanceof GraphQLError) return `${String(error.extensions.code ?? "ERROR")}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
