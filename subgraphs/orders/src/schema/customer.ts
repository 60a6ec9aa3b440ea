import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * The customer subgraph owns Customer; this subgraph contributes `orders` to it (see
 * CustomerOrdersResolver) and resolves a reference to `{ id }` without reading anything.
 */
@ObjectType("Customer")
@Directive('@key(fields: "id")')
export class Customer {
  @Field(() => ID)
  id!: string;
}
