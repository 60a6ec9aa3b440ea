import { Field, ID, Int, ObjectType } from "type-graphql";
import { StockMovementReason } from "./stockMovementReason";

@ObjectType({ description: "One change to a location's on-hand stock of a variant: the audit trail." })
export class StockMovement {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  sku!: string;

  @Field(() => Int, { description: "Units added (positive) or removed (negative)." })
  delta!: number;

  @Field(() => StockMovementReason)
  reason!: StockMovementReason;

  @Field(() => String, { description: 'Who made the change: a staff id or a system ("seed", "orders").' })
  actor!: string;

  @Field(() => Date, { description: "When the stock changed." })
  occurredAt!: Date;

  @Field(() => String, { nullable: true })
  note?: string | null;

  // store and variant: StockMovementResolver.
}
