import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { CacheControl, Channel, Money } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";
import type { CatalogContext } from "../context";
import type { Product as ProductRecord, ProductVariant as VariantRecord } from "../generated/prisma/client";
import { ChannelPrice } from "../schema/channelPrice";
import { Product } from "../schema/product";
import { ProductVariant } from "../schema/productVariant";
import { VariantAttribute } from "../schema/variantAttribute";
import { priceOnChannel, pricesOnEveryChannel } from "../service/pricing";

@Resolver(() => ProductVariant)
export class ProductVariantResolver {
  @Query(() => ProductVariant, { nullable: true, description: "The variant with this SKU, or null when there is none." })
  variant(@Arg("sku", () => String) sku: string, @Ctx() { loaders }: CatalogContext): Promise<VariantRecord | null> {
    return loaders.variantBySku.load(sku.trim());
  }

  @Query(() => ProductVariant, {
    nullable: true,
    description: "The variant with this barcode (a GTIN-8, -12, -13 or -14), or null when there is none.",
  })
  variantByBarcode(@Arg("barcode", () => String) barcode: string, @Ctx() { variants }: CatalogContext): Promise<VariantRecord | null> {
    return variants.findByBarcode(barcode);
  }

  @FieldResolver(() => Product)
  async product(@Root() variant: VariantRecord, @Ctx() { loaders }: CatalogContext): Promise<ProductRecord> {
    const product = await loaders.productById.load(variant.productId);
    if (!product) throw new Error(`Product ${variant.productId} of variant ${variant.sku} does not exist`);
    return product;
  }

  @FieldResolver(() => [VariantAttribute], { description: "Size and colour first, then any further attributes by name." })
  async attributes(@Root() variant: VariantRecord, @Ctx() { loaders }: CatalogContext): Promise<VariantAttribute[]> {
    const further = await loaders.attributesBySku.load(variant.sku);
    return [
      { name: "size", value: variant.size },
      { name: "colour", value: variant.colour },
      ...further.map(({ name, value }) => ({ name, value })),
    ];
  }

  @CacheControl(CacheHint.price)
  @FieldResolver(() => Money, {
    description:
      "What the channel pays: its own price if it has one, else the base price. Without `channel`, the request's channel " +
      "(header x-commerce-channel, WEB by default): every channel sees the same price unless one has its own.",
  })
  async price(
    @Root() variant: VariantRecord,
    @Arg("channel", () => Channel, { nullable: true }) channel: Channel | null,
    @Ctx() context: CatalogContext,
  ): Promise<Money> {
    const pricedFor = channel ?? context.channel;
    return priceOnChannel(variant, await context.loaders.channelPricesBySku.load(variant.sku), pricedFor);
  }

  @CacheControl(CacheHint.price)
  @FieldResolver(() => [ChannelPrice], { description: "The price on every channel." })
  async prices(@Root() variant: VariantRecord, @Ctx() { loaders }: CatalogContext): Promise<ChannelPrice[]> {
    return pricesOnEveryChannel(variant, await loaders.channelPricesBySku.load(variant.sku));
  }
}
