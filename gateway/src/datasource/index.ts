export {
  createServiceBuilder,
  resolveSubgraphUrl,
  DEFAULT_REQUEST_DEADLINE_MS,
  type ServiceBuilder,
  type ServiceBuilderOptions,
} from "./buildService";
export { type EntityCacheSource, type FetchObserver, type ObservedFetch, ResilientDataSource, type SubgraphPolicy } from "./resilientDataSource";
export { requestDeadlinePart } from "./requestContext";
export type { BreakerState, SubgraphHealth, SubgraphHealthSource } from "./circuitBreaker";
export { DEFAULT_RESILIENCE, resolveResilienceSettings, type ResilienceSettings, type ResilienceOverrides } from "./settings";
export { SubgraphUnavailableError, type UnavailableReason } from "./errors";
export { RequestDeadline } from "./deadline";
export { noStaleEntities, type StaleEntitySource, type EntityFetch, type StaleEntities, type StaleEntityNotice, staleEntityNotices } from "./stale";
export { createTransport, type SubgraphTransport } from "./transport";
export { allSubgraphEvents, type FetchOutcome, type SentFetch, type SubgraphEvents } from "./subgraphEvents";
export type { BreakerStateChange } from "./circuitBreaker";
