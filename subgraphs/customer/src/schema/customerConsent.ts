import { Field, GraphQLISODateTime, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";

@ObjectType("CustomerConsent", { description: "What a customer has agreed to, and when they last said so." })
@CacheControl(CacheHint.inherit)
export class CustomerConsent {
  @Field(() => Boolean, { description: "May we send marketing messages?" })
  marketing!: boolean;

  @Field(() => Boolean, { description: "May we measure how they use our apps and sites?" })
  analytics!: boolean;

  @Field(() => GraphQLISODateTime, { description: "When either choice was last recorded." })
  updatedAt!: Date;
}
