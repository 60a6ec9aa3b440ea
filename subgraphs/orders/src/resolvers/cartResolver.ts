import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { OrdersContext } from "../context";
import { Cart } from "../schema/cart";
import { AddCartLineInput, SetCartLineQuantityInput } from "../schema/cartInputs";
import { CartLine } from "../schema/cartLine";
import { Customer } from "../schema/customer";
import { Order } from "../schema/order";
import type { CartLineRecord, CartRecord } from "../service/cartService";
import type { OrderRecord } from "../service/orderRecords";

@Resolver(() => Cart)
export class CartResolver {
  @Query(() => Cart, {
    description: "A cart by its token, from any device. NOT_FOUND when no cart has it; FORBIDDEN when it belongs to a customer other than the caller.",
  })
  cart(@Arg("token", () => ID) token: string, @Ctx() { carts, caller }: OrdersContext): Promise<CartRecord> {
    return carts.heldBy(token, caller);
  }

  @Query(() => Cart, { nullable: true, description: "The signed-in customer's open cart; null when they have none or nobody is signed in." })
  myCart(@Ctx() { carts, caller }: OrdersContext): Promise<CartRecord | null> | null {
    return caller.customerId ? carts.current(caller.customerId) : null;
  }

  @Mutation(() => Cart, { description: "A new empty cart on the request's channel, the signed-in customer's if there is one." })
  createCart(@Ctx() { carts, caller }: OrdersContext): Promise<CartRecord> {
    return carts.create(caller);
  }

  @Mutation(() => Cart)
  addCartLine(@Arg("input", () => AddCartLineInput) input: AddCartLineInput, @Ctx() { carts, caller }: OrdersContext): Promise<CartRecord> {
    return carts.addLine(input.cartToken, input.sku, input.quantity, caller);
  }

  @Mutation(() => Cart)
  setCartLineQuantity(
    @Arg("input", () => SetCartLineQuantityInput) input: SetCartLineQuantityInput,
    @Ctx() { carts, caller }: OrdersContext,
  ): Promise<CartRecord> {
    return carts.setLineQuantity(input.cartToken, input.sku, input.quantity, caller);
  }

  @Mutation(() => Cart, {
    description:
      "Call when a customer signs in holding an anonymous cart: it becomes theirs, or its lines move into the cart they already have (which is returned).",
  })
  signInCart(@Arg("cartToken", () => ID) cartToken: string, @Ctx() { carts, caller }: OrdersContext): Promise<CartRecord> {
    return carts.signIn(cartToken, caller);
  }

  @FieldResolver(() => [CartLine], { description: "Oldest first." })
  lines(@Root() cart: CartRecord, @Ctx() { loaders }: OrdersContext): Promise<CartLineRecord[]> {
    return loaders.linesByCartId.load(cart.id);
  }

  @FieldResolver(() => Int, { description: "Units across all lines." })
  async itemCount(@Root() cart: CartRecord, @Ctx() { loaders }: OrdersContext): Promise<number> {
    return (await loaders.linesByCartId.load(cart.id)).reduce((sum, line) => sum + line.quantity, 0);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "Whose cart it is; null while anonymous." })
  customer(@Root() cart: CartRecord): Customer | null {
    return cart.customerId ? { id: cart.customerId } : null;
  }

  @FieldResolver(() => Order, { nullable: true, description: "The order it became, once CHECKED_OUT." })
  order(@Root() cart: CartRecord, @Ctx() { loaders }: OrdersContext): Promise<OrderRecord | null> | null {
    return cart.orderId ? loaders.orderById.load(cart.orderId) : null;
  }
}
