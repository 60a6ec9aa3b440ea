import { Field, Int, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";

@ObjectType({ description: "When a location opens on one day of the week, in its local time. A day that is not listed is closed." })
@CacheControl(CacheHint.store)
export class OpeningHours {
  @Field(() => Int, { description: "ISO 8601: 1 is Monday, 7 is Sunday." })
  dayOfWeek!: number;

  @Field(() => String, { description: '"HH:MM", 24-hour.' })
  opens!: string;

  @Field(() => String, { description: '"HH:MM", 24-hour.' })
  closes!: string;
}
