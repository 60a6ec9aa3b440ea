import { Field, ID, InputType, Int } from "type-graphql";
import { StockAdjustmentReason } from "./stockAdjustmentReason";

@InputType("AdjustStockInput")
export class AdjustStockInput {
  @Field(() => String)
  sku!: string;

  @Field(() => ID, { description: "The associate's own store (header x-commerce-store)." })
  storeId!: string;

  @Field(() => StockAdjustmentReason)
  reason!: StockAdjustmentReason;

  @Field(() => Int, { nullable: true, description: "Units added (positive) or removed (negative); every reason but CYCLE_COUNT." })
  delta?: number | null;

  @Field(() => Int, { nullable: true, description: "CYCLE_COUNT only: the units counted, which become the on-hand count." })
  countedQuantity?: number | null;

  @Field(() => String, { nullable: true, description: "Free text for the audit trail, up to 500 characters." })
  note?: string | null;
}
