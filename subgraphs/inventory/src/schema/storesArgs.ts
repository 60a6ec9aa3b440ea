import { ArgsType, Field, Float } from "type-graphql";
import { GeoPointInput } from "./geoPointInput";
import { StoreKind } from "./storeKind";

@ArgsType()
export class StoresArgs {
  @Field(() => GeoPointInput, { nullable: true, description: "Order by distance from here, nearest first, and fill in `distanceKm`." })
  near?: GeoPointInput | null;

  @Field(() => Float, { nullable: true, description: "Only stores within this many kilometres of `near` (which it needs)." })
  radiusKm?: number | null;

  @Field(() => StoreKind, { nullable: true, description: "Only stores of this kind." })
  kind?: StoreKind | null;
}
