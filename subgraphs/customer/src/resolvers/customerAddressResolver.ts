import { FieldResolver, Resolver, Root } from "type-graphql";
import { PostalAddress } from "@subgraph-kit/commerce";
import { CustomerAddress } from "../schema/customerAddress";
import type { CustomerAddressRecord } from "../service/customerService";

@Resolver(() => CustomerAddress)
export class CustomerAddressResolver {
  @FieldResolver(() => PostalAddress)
  address(@Root() address: CustomerAddressRecord): PostalAddress {
    const { line1, line2, city, postcode, country } = address;
    return { line1, line2, city, postcode, country };
  }
}
