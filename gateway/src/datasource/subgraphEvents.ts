import type { BreakerStateChange } from "./circuitBreaker";
import type { UnavailableReason } from "./errors";

/**
 * How one fetch sent to a subgraph ended: `ok`, `graphql_error` (answered, with errors), one
 * of the SUBGRAPH_UNAVAILABLE reasons, or `error` (anything else thrown: a 4xx, an unreadable body).
 */
export type FetchOutcome = "ok" | "graphql_error" | UnavailableReason | "error";

export interface SentFetch {
  subgraph: string;
  outcome: FetchOutcome;
  /** From the first attempt to the last attempt's end, backoff included. */
  seconds: number;
  /** Attempts after the first. */
  retries: number;
}

/**
 * What happens on the way to the subgraphs, for observers that count it (metrics). Unlike
 * `observeFetch`, which sees the answers, these see every fetch sent, failures included; a
 * fetch answered from the entity cache is not sent, and a query that joined an identical one in
 * flight is `joined`, its fetch counted once, by the request that sent it.
 */
export interface SubgraphEvents {
  sent?(fetch: SentFetch): void;
  joined?(subgraph: string): void;
  breakerChanged?(change: BreakerStateChange): void;
}

/** Several observers as one. */
export function allSubgraphEvents(observers: readonly SubgraphEvents[]): SubgraphEvents | undefined {
  if (observers.length === 0) return undefined;
  if (observers.length === 1) return observers[0];
  return {
    sent: (fetch) => observers.forEach((observer) => observer.sent?.(fetch)),
    joined: (subgraph) => observers.forEach((observer) => observer.joined?.(subgraph)),
    breakerChanged: (change) => observers.forEach((observer) => observer.breakerChanged?.(change)),
  };
}
