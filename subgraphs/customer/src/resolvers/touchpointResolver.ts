import { FieldResolver, Resolver, Root } from "type-graphql";
import { Store } from "../schema/store";
import { Touchpoint } from "../schema/touchpoint";
import type { TouchpointRecord } from "../service/journeyService";

@Resolver(() => Touchpoint)
export class TouchpointResolver {
  @FieldResolver(() => Store, { nullable: true, description: "The store it happened in or for (a kiosk's store, a pickup store)." })
  store(@Root() touchpoint: TouchpointRecord): Store | null {
    return touchpoint.storeId === null ? null : { id: touchpoint.storeId };
  }
}
