import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "A name and value describing a variant, e.g. size: M, colour: Navy, material: Merino." })
export class VariantAttribute {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}
