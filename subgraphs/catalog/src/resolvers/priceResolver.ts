import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { requireAdmin } from "@platform/caller";
import type { CatalogContext } from "../context";
import type { ProductVariant as VariantRecord } from "../generated/prisma/client";
import { ProductVariant } from "../schema/productVariant";
import { SetPriceInput } from "../schema/setPriceInput";

@Resolver(() => ProductVariant)
export class PriceResolver {
  @Mutation(() => ProductVariant, {
    description: "Sets a variant's base price, or one channel's own price. Admins only (FORBIDDEN otherwise). Cached prices are dropped before it answers.",
  })
  setPrice(@Arg("input", () => SetPriceInput) input: SetPriceInput, @Ctx() { prices, caller }: CatalogContext): Promise<VariantRecord> {
    requireAdmin(caller, "setPrice");
    return prices.setPrice(input.sku, input.channel ?? null, input.amountMinor);
  }
}
