import { Directive, Field, Float, ID, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit";
import { CacheHint } from "../cacheHints";
import { StoreKind } from "./storeKind";

@ObjectType({ description: "A shop or a warehouse: anywhere stock is held." })
@Directive('@key(fields: "id")')
@CacheControl(CacheHint.store)
export class Store {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Short code printed on labels and used by staff, e.g. LON01." })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => StoreKind)
  kind!: StoreKind;

  @Field(() => Float)
  latitude!: number;

  @Field(() => Float)
  longitude!: number;

  @Field(() => Float, { nullable: true, description: "Great-circle distance from `near`, when the store was found with `stores(near:)`." })
  distanceKm?: number | null;

  // address and openingHours: StoreResolver.
}
