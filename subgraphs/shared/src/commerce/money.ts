import { Directive, Field, Int, ObjectType } from "type-graphql";
import { CacheControl, CacheHint } from "../cache/cacheHints";

@ObjectType({ description: "An amount of money. Minor units (pence, cents) avoid floating-point rounding." })
@Directive("@shareable")
@CacheControl(CacheHint.inherit)
export class Money {
  @Field(() => Int, { description: "The amount in the currency's minor unit, e.g. 4299 for £42.99." })
  amountMinor!: number;

  @Field(() => String, { description: "ISO 4217 code, e.g. GBP." })
  currencyCode!: string;

  @Field(() => String, { description: "The amount as a decimal string, e.g. \"42.99\"." })
  amount!: string;
}

export function money(amountMinor: number, currencyCode: string): Money {
  const sign = amountMinor < 0 ? "-" : "";
  const absolute = Math.abs(amountMinor);
  return { amountMinor, currencyCode, amount: `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}` };
}
