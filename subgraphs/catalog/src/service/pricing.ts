import { Channel, type Money, money } from "@subgraph-kit";
import type { ChannelPrice as ChannelPriceRecord, ProductVariant } from "../generated/prisma/client";
import type { ChannelPrice } from "../schema/channelPrice";

const EVERY_CHANNEL = Object.values(Channel);

/** What a channel pays: its own price if it has one, else the variant's base price (also when no channel is named). */
export function priceOnChannel(variant: ProductVariant, channelPrices: readonly ChannelPriceRecord[], channel: Channel | null | undefined): Money {
  const own = channel == null ? undefined : ownPrice(channelPrices, channel);
  return money(own?.amountMinor ?? variant.basePriceMinor, variant.currency);
}

/** The price on every channel, in the order of the Channel enum. */
export function pricesOnEveryChannel(variant: ProductVariant, channelPrices: readonly ChannelPriceRecord[]): ChannelPrice[] {
  return EVERY_CHANNEL.map((channel) => ({
    channel,
    price: priceOnChannel(variant, channelPrices, channel),
    isBasePrice: ownPrice(channelPrices, channel) === undefined,
  }));
}

function ownPrice(channelPrices: readonly ChannelPriceRecord[], channel: Channel): ChannelPriceRecord | undefined {
  return channelPrices.find((price) => price.channel === channel);
}
