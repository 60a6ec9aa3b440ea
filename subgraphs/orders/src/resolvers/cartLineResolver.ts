import { FieldResolver, Resolver, Root } from "type-graphql";
import { CartLine } from "../schema/cartLine";
import { ProductVariant } from "../schema/productVariant";
import type { CartLineRecord } from "../service/cartService";

@Resolver(() => CartLine)
export class CartLineResolver {
  @FieldResolver(() => ProductVariant, {
    nullable: true,
    description: "The variant as catalog and inventory describe it now: live price (`price`) and stock (`availability(storeId)`).",
  })
  variant(@Root() line: CartLineRecord): ProductVariant {
    return { sku: line.sku };
  }
}
