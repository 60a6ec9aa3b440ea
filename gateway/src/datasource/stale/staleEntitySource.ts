import { ContextPart } from "../../context";
import type { SubgraphUnavailableError, UnavailableReason } from "../errors";

/** One `_entities` fetch: what a stale-entity cache is keyed on. */
export interface EntityFetch {
  subgraph: string;
  /** The operation the query planner wrote for the subgraph (it selects `_entities`). */
  query: string;
  /** The representations sent (`__typename` and key fields), in the order of `_entities`. */
  representations: readonly Record<string, unknown>[];
  /** The caller headers the fetch carried (channel, store, ...): entity fields may depend on them. */
  headers?: Readonly<Record<string, string>>;
  /** The fetch's other variables (field arguments such as a store id), without the representations. */
  variables?: Readonly<Record<string, unknown>>;
  /** The hash of the supergraph the request is executed against (`executedSupergraph`): its planner wrote `query`. */
  supergraphHash?: string;
}

export interface StaleEntities {
  /** One per representation, in order: the entity as a recent fetch returned it, or null when unknown. */
  entities: readonly (Record<string, unknown> | null)[];
  /** Age of the oldest entity served, in milliseconds. */
  ageMs: number;
}

/**
 * Stale-if-error for entity fetches: the strategy the data source consults when a subgraph is
 * unavailable. `remember` sees every `_entities` fetch that succeeded without errors; when one
 * fails with SUBGRAPH_UNAVAILABLE, `recall` may return entities to serve instead. Entities it
 * returns are served without an error, those it leaves null get the usual SUBGRAPH_UNAVAILABLE
 * error, and the response says what was stale in `extensions.staleEntities`.
 *
 * Both are on the request path: `remember` must be cheap (hand the work off), `recall` should
 * answer from memory. Root fields are not served stale: only entities have a key to look up.
 */
export interface StaleEntitySource {
  remember(fetch: EntityFetch, entities: readonly unknown[]): void;
  recall(fetch: EntityFetch, failure: SubgraphUnavailableError): StaleEntities | undefined | Promise<StaleEntities | undefined>;
}

/** The default until a cache exists: remembers nothing, so failures are reported as errors. */
export const noStaleEntities: StaleEntitySource = Object.freeze({
  remember() {},
  recall() {
    return undefined;
  },
});

/** What `extensions.staleEntities` lists, one entry per fetch served from a StaleEntitySource. */
export interface StaleEntityNotice {
  subgraph: string;
  /** Why the subgraph could not be asked. */
  reason: UnavailableReason;
  /** Entities served stale by that fetch. */
  entities: number;
  ageMs: number;
}

/** The part of the request's context that collects its StaleEntityNotices (staleEntitiesPlugin reports them). */
export const staleEntityNotices = new ContextPart<StaleEntityNotice[]>("staleEntities", () => []);
