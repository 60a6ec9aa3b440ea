import { ContextPart } from "../context";
import type { FetchObserver } from "../datasource";
import { representationTag, rootTag } from "./cacheTags";

/** What one client request tells the cache, gathered from its fetches as they are answered. */
export interface RequestCacheRecord {
  /** Tags of everything the response contains. */
  tags: Set<string>;
  /** Tags the subgraphs reported changed (a mutation's `extensions.invalidates`). */
  invalidations: Set<string>;
  /** A mutation ran: its response is never stored. */
  mutated: boolean;
}

/** The part of the gateway's per-request context the cache owns. */
export const cacheRecord = new ContextPart<RequestCacheRecord>("cache", () => ({ tags: new Set(), invalidations: new Set(), mutated: false }));

/** The data sources' observer that fills the request's RequestCacheRecord. */
export const recordFetchForCache: FetchObserver = ({ subgraph, operation, representations, response }, context) => {
  const record = cacheRecord.of(context);
  if (operation === "mutation") record.mutated = true;
  if (representations) for (const representation of representations) record.tags.add(representationTag(representation));
  else record.tags.add(rootTag(subgraph));
  const reported = response.extensions?.invalidates;
  if (Array.isArray(reported)) for (const tag of reported) if (typeof tag === "string") record.invalidations.add(tag);
};
