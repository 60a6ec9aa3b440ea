import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import type { KeyValueCache } from "@apollo/utils.keyvaluecache";
import type { GraphQLInterceptor, HttpRoute } from "@platform/http";
import type { Logger } from "@platform/logging";
import type { GatewayConfig } from "../config";
import type { GatewayContext } from "../context";
import type { EntityCacheSource, FetchObserver, StaleEntitySource, SubgraphEvents } from "../datasource";
import type { SupergraphVersion } from "../supergraph";

/**
 * Where an interceptor runs among the others, outermost first; within a stage, in the order of
 * the capability list. Each stage may answer by itself and stop the request there.
 * - `envelope`: sees every request and every answer, refusals included (a request id, CORS);
 * - `admit`: before anyone is known, so unauthenticated floods count too (rate limits);
 * - `authenticate`: who the request is from (401/403 otherwise);
 * - `check`: what the request asks, before it is parsed by Apollo (document size, persisted operations);
 * - `answer`: right in front of Apollo Server, after all the above (a response cache: its hits were admitted and authenticated).
 */
export const INTERCEPT_STAGES = ["envelope", "admit", "authenticate", "check", "answer"] as const;
export type InterceptStage = (typeof INTERCEPT_STAGES)[number];

/** What a capability adds to every subgraph fetch (the data sources call these; ResilientDataSource says when). */
export interface SubgraphFetchHooks {
  /** Told of every fetch a subgraph answered. */
  observeFetch?: FetchObserver;
  /** Answers `_entities` fetches from cache and stores what subgraphs answer. */
  entityCache?: EntityCacheSource;
  /** Stale-if-error: entities served when their subgraph is unavailable. */
  staleEntities?: StaleEntitySource;
  /** Identical queries in flight share one fetch, per the caller this names. */
  coalesceQueriesBy?: (context: GatewayContext) => string;
  /**
   * Headers added to every fetch made for a client request (the request id, the trace context);
   * unsigned, and never part of a cache or coalescing key. Several capabilities' headers are merged.
   */
  headers?: (context: GatewayContext) => Readonly<Record<string, string>>;
  /** Told of every fetch sent (outcome, duration, retries), every query that joined one in flight, every breaker state change. */
  events?: SubgraphEvents;
}

/**
 * One concern of the gateway (rate limits, authentication, a cache layer...), in the spirit of
 * Apollo Server's plugins: everything it contributes, in one object. The core knows capabilities
 * only through this interface; `composeCapabilities` joins a list of them.
 */
export interface GatewayCapability {
  /** Names it in errors and logs. */
  readonly name: string;
  /** Wraps GraphQL execution at its stage (see INTERCEPT_STAGES). */
  readonly intercept?: { stage: InterceptStage; interceptor: GraphQLInterceptor<GatewayContext> };
  /**
   * Sets headers that every answer to a request carries, whatever makes it (a route, the HTTP
   * adapter's own 404/413/400, an interceptor, Apollo Server): called before anything answers,
   * in list order (CORS).
   */
  readonly decorate?: (request: IncomingMessage, response: ServerResponse) => void;
  /**
   * Routes of its own, outside GraphQL (an IDE's files, a schema file): tried after the core's
   * (`/health`), in list order, before any request reaches the interceptors.
   */
  readonly routes?: readonly HttpRoute[];
  /** Apollo Server plugins. */
  readonly plugins?: readonly ApolloServerPlugin<GatewayContext>[];
  /** What it adds to subgraph fetches. */
  readonly subgraphFetch?: SubgraphFetchHooks;
  /** Apollo Server's persisted-query store (at most one capability may give one). */
  readonly persistedQueries?: { cache: KeyValueCache<string>; ttl?: number | null };
  /** Its section of `GET /health`: sections of the same name are merged (a capability may add to another's). */
  readonly health?: { section: string; report(): Record<string, unknown> };
  /** Releases what it holds (connections, timers); called once, in reverse order of the list. */
  close?(): Promise<void> | void;
}

/** What a capability is built from. */
export interface CapabilitySetup {
  config: GatewayConfig;
  logger: Logger;
  /** The serving supergraph's hash, for what is keyed by the schema's shape (the one a request runs against is its `executedSupergraph`). */
  supergraph: SupergraphVersion;
  /** One instance per gateway of something several capabilities use (see SharedResource). */
  shared<T>(resource: SharedResource<T>): Promise<T>;
}

/**
 * Something several capabilities use (the cache store, the API keys): opened by the first
 * capability that asks for it, then handed to the others, and closed after every capability.
 */
export interface SharedResource<T> {
  readonly name: string;
  open(setup: Omit<CapabilitySetup, "shared">): Promise<T> | T;
  close?(value: T): Promise<void> | void;
}

/** Builds a capability from the configuration; undefined when the configuration leaves it off. */
export type CapabilityFactory = (setup: CapabilitySetup) => Promise<GatewayCapability | undefined> | GatewayCapability | undefined;
