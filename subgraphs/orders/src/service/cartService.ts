import { badUserInput, forbidden, invalidState, notFound } from "@platform/errors";
import type { RequestCaller } from "@platform/caller";
import { requireCartHolder } from "./orderAccess";
import type { Cart as CartRecord, CartLine as CartLineRecord, Prisma, PrismaClient } from "../generated/prisma/client";
import { CartStatus } from "../schema/cartStatus";
import type { CatalogClient } from "./catalogClient";
import { checkCartToken, newCartToken } from "./cartToken";
import { reportCartChanged } from "./invalidation";
import type { JourneyClient } from "./journeyClient";

export type { CartRecord, CartLineRecord };

/** Units of one SKU a cart may hold: a shop's cart, not a wholesale order. */
export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 100;

/**
 * Carts: created on any channel, addressed by token, merged into the customer's cart at sign-in.
 * Every change also touches the cart row (its lastChannel and updatedAt) inside the same
 * transaction: that row lock orders concurrent changes, and checkout notices a cart that changed
 * under it by its updatedAt.
 */
export class CartService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalog: CatalogClient,
    private readonly journey: JourneyClient,
  ) {}

  async create(caller: RequestCaller): Promise<CartRecord> {
    const cart = await this.prisma.cart.create({
      data: { token: newCartToken(), customerId: caller.customerId, createdOn: caller.channel, lastChannel: caller.channel },
    });
    reportCartChanged();
    return cart;
  }

  async byToken(token: string): Promise<CartRecord> {
    const cart = await this.prisma.cart.findUnique({ where: { token: checkCartToken(token) } });
    if (!cart) throw notFound("No cart has this token; it may have been mistyped, or merged into another cart", { argument: "cartToken" });
    return cart;
  }

  /** The cart with this token, when the caller may use it (see requireCartHolder). */
  async heldBy(token: string, caller: RequestCaller): Promise<CartRecord> {
    const cart = await this.byToken(token);
    requireCartHolder(caller, cart);
    return cart;
  }

  /** The signed-in customer's open cart, newest first; null when they have none. */
  current(customerId: string): Promise<CartRecord | null> {
    return this.prisma.cart.findFirst({ where: { customerId, status: CartStatus.OPEN }, orderBy: { updatedAt: "desc" } });
  }

  linesOf(cartIds: readonly string[]): Promise<CartLineRecord[]> {
    return this.prisma.cartLine.findMany({ where: { cartId: { in: [...cartIds] } }, orderBy: [{ cartId: "asc" }, { addedAt: "asc" }, { sku: "asc" }] });
  }

  async addLine(token: string, sku: string, quantity: number, caller: RequestCaller): Promise<CartRecord> {
    checkQuantity(quantity, 1);
    const known = await this.catalog.variants([sku], caller.channel);
    if (!known.has(sku)) throw badUserInput(`The catalog has no SKU "${sku}"`, "sku");
    const cart = await this.change(token, caller, async (tx, cart) => {
      const existing = await tx.cartLine.findUnique({ where: { cartId_sku: { cartId: cart.id, sku } } });
      if (!existing && (await tx.cartLine.count({ where: { cartId: cart.id } })) >= MAX_CART_LINES) {
        throw badUserInput(`A cart holds at most ${MAX_CART_LINES} different SKUs`, "sku");
      }
      if ((existing?.quantity ?? 0) + quantity > MAX_LINE_QUANTITY) {
        throw badUserInput(`A cart holds at most ${MAX_LINE_QUANTITY} units of one SKU; it has ${existing?.quantity ?? 0}`, "quantity");
      }
      await tx.cartLine.upsert({
        where: { cartId_sku: { cartId: cart.id, sku } },
        create: { cartId: cart.id, sku, quantity, addedOn: caller.channel },
        update: { quantity: { increment: quantity } },
      });
    });
    if (cart.customerId) await this.journey.record(caller, { type: "ADDED_TO_CART", customerId: cart.customerId, sku, storeId: caller.storeId });
    return cart;
  }

  setLineQuantity(token: string, sku: string, quantity: number, caller: RequestCaller): Promise<CartRecord> {
    checkQuantity(quantity, 0);
    return this.change(token, caller, async (tx, cart) => {
      if (quantity === 0) {
        await tx.cartLine.deleteMany({ where: { cartId: cart.id, sku } });
        return;
      }
      const updated = await tx.cartLine.updateMany({ where: { cartId: cart.id, sku }, data: { quantity } });
      if (updated.count === 0) throw badUserInput(`The cart has no line for SKU "${sku}"; use addCartLine`, "sku");
    });
  }

  /**
   * At sign-in: an anonymous cart becomes the customer's. When they already have an open cart,
   * its lines move into that one (quantities add up, capped) and the anonymous cart is MERGED;
   * the customer's cart is returned either way.
   */
  async signIn(token: string, caller: RequestCaller): Promise<CartRecord> {
    if (!caller.customerId) throw forbidden("Merging a cart at sign-in needs a signed-in customer");
    const customerId = caller.customerId;
    const anonymous = await this.byToken(token);
    if (anonymous.customerId === customerId) return anonymous;
    if (anonymous.customerId !== null) throw forbidden("This cart belongs to another customer");
    requireOpen(anonymous);

    const merged = await this.prisma.$transaction(async (tx) => {
      const own = await tx.cart.findFirst({ where: { customerId, status: CartStatus.OPEN }, orderBy: { updatedAt: "desc" } });
      const claimed = await tx.cart.updateMany({
        where: { id: anonymous.id, status: CartStatus.OPEN, customerId: null },
        data: own ? { status: CartStatus.MERGED, lastChannel: caller.channel } : { customerId, lastChannel: caller.channel },
      });
      if (claimed.count === 0) throw invalidState("The cart changed while signing in; try again", { argument: "cartToken" });
      if (!own) return tx.cart.findUniqueOrThrow({ where: { id: anonymous.id } });

      for (const line of await tx.cartLine.findMany({ where: { cartId: anonymous.id } })) {
        const existing = await tx.cartLine.findUnique({ where: { cartId_sku: { cartId: own.id, sku: line.sku } } });
        await tx.cartLine.upsert({
          where: { cartId_sku: { cartId: own.id, sku: line.sku } },
          create: { cartId: own.id, sku: line.sku, quantity: line.quantity, addedOn: line.addedOn, addedAt: line.addedAt },
          update: { quantity: Math.min(MAX_LINE_QUANTITY, (existing?.quantity ?? 0) + line.quantity) },
        });
      }
      return tx.cart.update({ where: { id: own.id }, data: { lastChannel: caller.channel } });
    });
    reportCartChanged();
    return merged;
  }

  /** Runs `edit` on an open cart, in one transaction that first locks the cart row by touching it. */
  private async change(
    token: string,
    caller: RequestCaller,
    edit: (tx: Prisma.TransactionClient, cart: CartRecord) => Promise<void>,
  ): Promise<CartRecord> {
    const found = await this.heldBy(token, caller);
    const changed = await this.prisma.$transaction(async (tx) => {
      const touched = await tx.cart.updateMany({ where: { id: found.id, status: CartStatus.OPEN }, data: { lastChannel: caller.channel } });
      const cart = await tx.cart.findUniqueOrThrow({ where: { id: found.id } });
      if (touched.count === 0) requireOpen(cart);
      await edit(tx, cart);
      return cart;
    });
    reportCartChanged();
    return changed;
  }
}

export function requireOpen(cart: CartRecord): void {
  if (cart.status === CartStatus.OPEN) return;
  const why = cart.status === CartStatus.CHECKED_OUT ? "it has been checked out" : "it was merged into the customer's cart at sign-in";
  throw invalidState(`The cart is ${cart.status}: ${why}`, { argument: "cartToken", currentStatus: cart.status });
}

function checkQuantity(quantity: number, min: number): void {
  if (!Number.isInteger(quantity) || quantity < min || quantity > MAX_LINE_QUANTITY) {
    throw badUserInput(`"quantity" must be a whole number from ${min} to ${MAX_LINE_QUANTITY}; got ${quantity}`, "quantity");
  }
}
