import { Field, ObjectType } from "type-graphql";
import { Touchpoint } from "./touchpoint";

@ObjectType("RecordTouchpointResult", { description: "Whether a touchpoint was recorded; not recording one is not an error." })
export class RecordTouchpointResult {
  @Field(() => Boolean, { description: "True when the touchpoint is stored (now, or by an earlier call with the same dedupeKey)." })
  recorded!: boolean;

  @Field(() => Touchpoint, { nullable: true })
  touchpoint!: Touchpoint | null;

  @Field(() => String, { nullable: true, description: 'Why nothing was recorded: "NO_ANALYTICS_CONSENT".' })
  reason!: string | null;
}
