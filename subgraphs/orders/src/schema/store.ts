import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CacheControl, CacheHint } from "../../../shared/src/cache";

/** The inventory subgraph owns Store; this subgraph only points at one by id. */
@ObjectType("Store")
@Directive('@key(fields: "id", resolvable: false)')
@CacheControl(CacheHint.inherit)
export class Store {
  @Field(() => ID)
  id!: string;
}
