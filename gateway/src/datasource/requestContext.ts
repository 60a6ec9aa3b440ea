import type { RequestDeadline } from "./deadline";
import type { StaleEntityNotice } from "./stale";

/**
 * What one client request carries for its subgraph fetches, in Apollo Server's context: the
 * gateway's context function creates it as the request arrives (ServiceBuilder.createRequestContext),
 * every data source of the request reads it. Both fields are optional, so a data source also
 * works under a context that lacks them (no deadline, nothing to flag).
 */
export interface ResilienceContext {
  /** When the client request arrived, on the monotonic clock (`performance.now()`): a query may share only fetches that started later. */
  receivedAt?: number;
  /** The request's overall deadline, shared by all its fetches. */
  deadline?: RequestDeadline;
  /** Fetches served stale; staleEntitiesPlugin reports them in the response's extensions. */
  staleEntities?: StaleEntityNotice[];
}
