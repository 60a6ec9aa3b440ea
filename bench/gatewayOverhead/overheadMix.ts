/**
 * The overhead bench's mix: one- and two-subgraph queries over the light subgraphs, every
 * request with the demo web app's key (this gateway authenticates it; the others ignore it).
 */
import type { MixOperation } from "../gatewayComparison/queryMix";
import { DEV_API_KEYS } from "../../test/support/callers";

const headers = { "x-api-key": DEV_API_KEYS.web };
const emptyList = (list: unknown) => (Array.isArray(list) && list.length > 0 ? undefined : "an empty list");

export const OVERHEAD_MIX: readonly MixOperation[] = [
  {
    name: "OneSubgraph",
    query: "query OneSubgraph { products(first: 10) { id name brand price { amount currencyCode } } }",
    variables: {},
    headers,
    emptiness: (data) => emptyList(data?.products),
  },
  {
    name: "TwoSubgraphs",
    query: "query TwoSubgraphs { products(first: 10) { id name stock { available inStock } } }",
    variables: {},
    headers,
    emptiness: (data) => emptyList(data?.products),
  },
  {
    name: "ProductPage",
    query: "query ProductPage($id: ID!) { product(id: $id) { name brand price { amount currencyCode } stock { available } } }",
    variables: { id: "p-7" },
    headers,
    emptiness: (data) => (data?.product ? undefined : "a null product"),
  },
];
