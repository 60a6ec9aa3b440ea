import { Directive, Field, ID, ObjectType } from "type-graphql";

/** The inventory subgraph owns Store; this subgraph only points at one by id. */
@ObjectType("Store")
@Directive('@key(fields: "id", resolvable: false)')
export class Store {
  @Field(() => ID)
  id!: string;
}
