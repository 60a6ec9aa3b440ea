import type { GraphQLDataSource, ServiceEndpointDefinition } from "@apollo/gateway";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "@platform/logging";
import { DEFAULT_SERVICE_LEVELS, type ServiceLevels } from "@platform/registry";
import type { GatewayContext } from "../context";
import { type BreakerStateChange, SubgraphCircuitBreaker, type SubgraphHealthSource } from "./circuitBreaker";
import { InFlightQueries } from "./inFlightQueries";
import { requestDeadlinePart } from "./requestContext";
import { type EntityCacheSource, type FetchObserver, ResilientDataSource, type SubgraphPolicy } from "./resilientDataSource";
import { RetryBudget } from "./retry";
import { type ResilienceOverrides, resolveResilienceSettings } from "./settings";
import { noStaleEntities, staleEntitiesPlugin, type StaleEntitySource } from "./stale";
import type { SubgraphEvents } from "./subgraphEvents";
import { createTransport, type SubgraphTransport } from "./transport";

/** The default overall deadline of one client request (GatewayConfig.requestDeadlineMs, REQUEST_DEADLINE_MS). */
export const DEFAULT_REQUEST_DEADLINE_MS = 10_000;

export interface ServiceBuilderOptions {
  /** SUBGRAPH_<NAME>_URL overrides, by subgraph name (GatewayConfig.subgraphUrlOverrides). */
  urlOverrides: Readonly<Record<string, string>>;
  /** The registry's `resilience` blocks, by subgraph name; a subgraph without one gets the defaults. */
  resilience?: Readonly<Record<string, ResilienceOverrides>>;
  /**
   * The registry's service levels, by subgraph name (GatewayConfig.subgraphServiceLevels), for
   * /health; a subgraph without any is reported with DEFAULT_SERVICE_LEVELS. Left out: not reported.
   */
  serviceLevels?: Readonly<Record<string, ServiceLevels>>;
  /** Overall deadline of one client request, shared by all its fetches. */
  requestDeadlineMs?: number;
  /** Where breaker state changes are logged. */
  logger?: Logger;
  /** Stale-if-error for entity fetches; by default there is none. */
  staleEntities?: StaleEntitySource;
  /** Headers every subgraph fetch carries, from the client request's context (none for the gateway's own fetches). */
  forwardHeaders?: (context: GatewayContext | undefined) => Record<string, string>;
  /** Unsigned headers added to every fetch made for a client request (request id, trace context); never part of a cache key. */
  requestHeaders?: (context: GatewayContext) => Readonly<Record<string, string>>;
  /** The HTTP client (tests may count or replace it); by default a pooled keep-alive undici client. */
  transport?: SubgraphTransport;
  /** Told of every fetch a subgraph answered (the cache's tags and invalidations). */
  observeFetch?: FetchObserver;
  /** Cached `_entities` answers (none by default). */
  entityCache?: EntityCacheSource;
  /**
   * Identical queries of the same caller in flight together share one fetch per subgraph; this
   * says who the caller is (two callers with different keys never share). Absent: no sharing.
   */
  coalesceQueriesBy?: (context: GatewayContext) => string;
  /** Told of every fetch sent, every query that joined one in flight and every breaker state change (metrics). */
  events?: SubgraphEvents;
}

/** How the gateway reaches its subgraphs: what server.ts wires into ApolloGateway and Apollo Server. */
export interface ServiceBuilder {
  /** ApolloGateway's `buildService`: called for each subgraph every time a supergraph is loaded. */
  buildService(definition: ServiceEndpointDefinition): GraphQLDataSource;
  /** Apollo Server plugins the data sources rely on (flagging stale entities in responses). */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Breaker state, error rate and latency per subgraph, and its service levels, for /health. */
  health: SubgraphHealthSource;
  /** Closes pooled connections and stops the breakers' timers. */
  close(): Promise<void>;
}

/**
 * The gateway's single entry point to its subgraphs. Per subgraph *name* it keeps one circuit
 * breaker and one retry budget for the life of the gateway, so a supergraph reload (which builds
 * new data sources) neither resets an open breaker nor forgets the latency seen so far; all
 * subgraphs share one pooled keep-alive transport.
 */
export function createServiceBuilder(options: ServiceBuilderOptions): ServiceBuilder {
  const transport = options.transport ?? createTransport();
  const staleEntities = options.staleEntities ?? noStaleEntities;
  const deadline = requestDeadlinePart(options.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS);
  const policies = new Map<string, SubgraphPolicy>();

  const logStateChange = ({ subgraph, from, to }: BreakerStateChange) => {
    const message = `circuit breaker for subgraph "${subgraph}" is now ${to}`;
    if (to === "open") options.logger?.warn({ subgraph, breaker: { from, to } }, message);
    else options.logger?.info({ subgraph, breaker: { from, to } }, message);
    options.events?.breakerChanged?.({ subgraph, from, to });
  };

  function policyFor(subgraph: string): SubgraphPolicy {
    let policy = policies.get(subgraph);
    if (!policy) {
      const settings = resolveResilienceSettings(subgraph, options.resilience?.[subgraph]);
      policy = {
        subgraph,
        settings,
        breaker: new SubgraphCircuitBreaker(subgraph, settings.breaker, logStateChange),
        budget: new RetryBudget(settings.retry.budgetRatio, settings.retry.budgetReserve),
        transport,
        staleEntities,
        deadline,
        logger: options.logger,
        forwardHeaders: options.forwardHeaders,
        requestHeaders: options.requestHeaders,
        observeFetch: options.observeFetch,
        entityCache: options.entityCache,
        events: options.events,
        ...(options.coalesceQueriesBy ? { coalescing: { flights: new InFlightQueries(), callerKey: options.coalesceQueriesBy } } : {}),
      };
      policies.set(subgraph, policy);
    }
    return policy;
  }

  return {
    buildService: ({ name, url }) => new ResilientDataSource(resolveSubgraphUrl(name, url, options.urlOverrides), policyFor(name)),
    plugins: [staleEntitiesPlugin()],
    health: {
      subgraphHealth: (name) => ({
        ...policyFor(name).breaker.snapshot(),
        ...(options.serviceLevels && { serviceLevels: options.serviceLevels[name] ?? DEFAULT_SERVICE_LEVELS }),
      }),
    },
    async close() {
      for (const policy of policies.values()) policy.breaker.shutdown();
      await transport.close();
    },
  };
}

/** Where the gateway sends a subgraph's requests: its override if any, else the URL composed into the supergraph. */
export function resolveSubgraphUrl(name: string, composedUrl: string | undefined, urlOverrides: Readonly<Record<string, string>>): string {
  const url = urlOverrides[name] ?? composedUrl;
  if (!url) throw new Error(`Subgraph "${name}" has no URL in the supergraph and no SUBGRAPH_${name.toUpperCase()}_URL override`);
  return url;
}
