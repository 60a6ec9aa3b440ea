import { Args, Ctx, Query, Resolver } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";
import type { InventoryContext } from "../context";
import { LocatedItem } from "../schema/locatedItem";
import { LocateItemArgs } from "../schema/locateItemArgs";

@Resolver(() => LocatedItem)
export class LocateItemResolver {
  @CacheControl(CacheHint.stock)
  @Query(() => [LocatedItem], {
    description:
      "For handhelds: find items in a store by exactly one of a scanned barcode, a SKU or words of the product " +
      "(the variants of the first 25 matching products). Lists only variants the store has stock or a shelf for.",
  })
  locateItem(@Args(() => LocateItemArgs) args: LocateItemArgs, @Ctx() { locateItem }: InventoryContext): Promise<LocatedItem[]> {
    return locateItem.locate(args);
  }
}
