import { Directive, Field, ObjectType } from "type-graphql";
import { CacheControl, CacheHint } from "../cache/cacheHints";

@ObjectType({ description: "A postal address." })
@Directive("@shareable")
@CacheControl(CacheHint.inherit)
export class PostalAddress {
  @Field(() => String)
  line1!: string;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  postcode!: string;

  @Field(() => String, { description: "ISO 3166-1 alpha-2 country code." })
  country!: string;
}
