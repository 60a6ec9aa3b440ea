import type { CapabilityFactory } from "../capability";

/**
 * Identical subgraph queries of one caller in flight together share one fetch
 * (GATEWAY_COALESCE_QUERIES, on by default; InFlightQueries says which fetches may be shared).
 */
export const queryCoalescingCapability: CapabilityFactory = ({ config }) =>
  config.coalesceQueries ? { name: "queryCoalescing", subgraphFetch: { coalesceQueriesBy: (context) => JSON.stringify(context.caller ?? null) } } : undefined;
