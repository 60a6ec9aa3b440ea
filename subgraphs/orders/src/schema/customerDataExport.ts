import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { CacheControl } from "@subgraph-kit/cache";
import { CacheHint } from "../cacheHints";

/**
 * The customer subgraph owns the export document (`customerDataExport`); this subgraph adds what
 * it holds about the customer: every order and every cart. Never cached: it is one person's
 * whole record, fetched rarely, and must not sit in a shared cache.
 */
@ObjectType("CustomerDataExport")
@Directive('@key(fields: "customerId")')
@CacheControl(CacheHint.none)
export class CustomerDataExport {
  @Field(() => ID)
  customerId!: string;
}

/** What `anonymiseCustomerData` did (an internal operation: not in the gateway's API). */
@ObjectType("CustomerDataAnonymisation", { description: "What the orders subgraph removed or anonymised for an erased customer." })
@Directive("@inaccessible")
export class CustomerDataAnonymisation {
  @Field(() => ID)
  customerId!: string;

  @Field(() => Int, { description: "Orders anonymised by this call (shipping address removed); 0 on a repeat." })
  ordersAnonymised!: number;

  @Field(() => Int, { description: "Orders the customer has, all kept for accounting." })
  ordersKept!: number;

  @Field(() => Int, { description: "Carts deleted with their lines." })
  cartsDeleted!: number;
}
