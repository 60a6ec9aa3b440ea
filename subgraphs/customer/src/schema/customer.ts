import { Directive, Field, GraphQLISODateTime, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";

/**
 * This subgraph is the source of record for customers. The stored columns are fields here;
 * `name`, `addresses`, `preferredStore` and `consent` are resolved by CustomerResolver.
 */
@ObjectType("Customer", { description: "A person who shops with us, on any channel." })
@Directive('@key(fields: "id")')
@CacheControl(CacheHint.customer)
export class Customer {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Lower-case; unique across customers." })
  email!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { nullable: true, description: "In international format, e.g. +44 7700 900123." })
  phone!: string | null;

  @Field(() => GraphQLISODateTime, { description: "When the account was created." })
  createdAt!: Date;
}
