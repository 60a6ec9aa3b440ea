import { Field, Float, InputType } from "type-graphql";

@InputType({ description: "A point on Earth, in decimal degrees (WGS 84)." })
export class GeoPointInput {
  @Field(() => Float, { description: "-90 to 90." })
  latitude!: number;

  @Field(() => Float, { description: "-180 to 180." })
  longitude!: number;
}
