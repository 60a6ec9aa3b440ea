import type { ApolloServerPlugin, HTTPGraphQLRequest, HTTPGraphQLResponse } from "@apollo/server";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { ErrorCode } from "@platform/errors";
import type { GraphQLInterceptor } from "@platform/http";
import { BoundedLabel, Counter, Gauge, Histogram, LATENCY_BUCKETS_SECONDS, metricsRoute, OTHER, processRegistry, Registry, statusClass } from "@platform/metrics";
import { DEFAULT_SERVICE_LEVELS, type ServiceLevels } from "@platform/registry";
import { requestOperationName } from "@platform/requestLog";
import { authRefusalsResource } from "../auth/authenticationCapability";
import { cacheResource } from "../cache/cacheCapabilities";
import type { CapabilityFactory } from "../capability";
import { ContextPart, type GatewayContext } from "../context";
import type { BreakerState, SubgraphEvents } from "../datasource";
import { PersistedOperations } from "../limits";
import { rateLimitMetricsResource } from "../rateLimit/rateLimitCapability";

/** Distinct operation names labelled by name besides the persisted operations'; the rest are `other`. */
export const OPERATION_LABEL_LIMIT = 100;
/** Distinct error codes labelled by code besides the gateway's own; the rest are `other`. */
const ERROR_CODE_LABEL_LIMIT = 30;

/** `gateway_breaker_state`'s value of each state. */
export const BREAKER_STATE_VALUES: Record<BreakerState, number> = { closed: 0, halfOpen: 1, open: 2 };
const BREAKER_STATE_LABELS: Record<BreakerState, string> = { closed: "closed", halfOpen: "half_open", open: "open" };

/** What Apollo Server saw of a request: the operation it resolved, the first error's code. */
interface RequestMetrics {
  apollo: boolean;
  resolved: boolean;
  operation: string | null | undefined;
  errorCode: string | undefined;
}
const requestMetrics = new ContextPart<RequestMetrics>("metrics", () => ({ apollo: false, resolved: false, operation: undefined, errorCode: undefined }));

/**
 * Prometheus metrics at `GET /metrics` (GATEWAY_METRICS, on by default): the process's default
 * metrics and the gateway's own, fed by what the other capabilities and the data sources
 * already count (the cache layers', rate limiting's and authentication's counters, read at each
 * scrape; the data sources' fetch events; the serving supergraph). Labels are bounded: operation
 * names only as Apollo Server resolved them (the first OPERATION_LABEL_LIMIT, the persisted
 * operations' always), never ids, keys or tokens. GATEWAY_METRICS_TOKEN guards the route; in
 * production without one, the route answers 403.
 */
export const metricsCapability: CapabilityFactory = async ({ config, supergraph, shared }) => {
  if (!config.metrics?.enabled) return undefined;
  const registry = new Registry();
  const persistedPath = config.limits?.persistedOperationsPath;
  const operations = new BoundedLabel(OPERATION_LABEL_LIMIT, persistedPath ? PersistedOperations.fromFile(persistedPath).operationNames() : []);
  const errorCodes = new BoundedLabel(ERROR_CODE_LABEL_LIMIT, [...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode), "RATE_LIMITED", "REQUEST_TIMEOUT", "NOT_FOUND"]);

  const requests = new Counter({
    name: "gateway_requests_total",
    help: "GraphQL requests answered, by operation (its name as resolved, `anonymous`, `other` past the label's limit, `unknown` when none was resolved), channel, HTTP status class and the first error's code (`none`)",
    labelNames: ["operation", "channel", "status_class", "error_code"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "gateway_request_duration_seconds",
    help: "Time from a GraphQL request's arrival to its answer, by operation and channel",
    labelNames: ["operation", "channel"],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const fetches = new Counter({
    name: "gateway_subgraph_fetches_total",
    help: "Fetches sent to a subgraph, by outcome: ok, graphql_error, timeout, connection_failed, http_5xx, circuit_open, deadline_exceeded, error",
    labelNames: ["subgraph", "outcome"],
    registers: [registry],
  });
  const fetchDuration = new Histogram({
    name: "gateway_subgraph_fetch_duration_seconds",
    help: "Time of one fetch to a subgraph, its retries and backoff included",
    labelNames: ["subgraph"],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const retries = new Counter({ name: "gateway_subgraph_retries_total", help: "Retried attempts of subgraph fetches", labelNames: ["subgraph"], registers: [registry] });
  const breakerState = new Gauge({
    name: "gateway_breaker_state",
    help: "A subgraph's circuit breaker: 0 closed, 1 half-open, 2 open",
    labelNames: ["subgraph"],
    registers: [registry],
  });
  const breakerTransitions = new Counter({
    name: "gateway_breaker_transitions_total",
    help: "Circuit breaker state changes, by the state entered (closed, half_open, open)",
    labelNames: ["subgraph", "to"],
    registers: [registry],
  });
  const coalesced = new Counter({
    name: "gateway_coalesced_fetches_total",
    help: "Subgraph queries answered by joining an identical fetch of the same caller in flight",
    labelNames: ["subgraph"],
    registers: [registry],
  });

  if (config.cache.enabled) {
    const { metrics } = await shared(cacheResource);
    const events = { hits: "hit", misses: "miss", stores: "store", invalidations: "invalidation", invalidated: "invalidated_entry" } as const;
    new Counter({
      name: "gateway_cache_events_total",
      help: "Cache events by layer (response, entity, apq): hit, miss, store, invalidation (calls), invalidated_entry (entries they dropped)",
      labelNames: ["layer", "event"],
      registers: [registry],
      collect() {
        this.reset();
        for (const [layer, counters] of Object.entries(metrics.snapshot())) {
          for (const [counter, event] of Object.entries(events)) this.inc({ layer, event }, counters[counter as keyof typeof events]);
        }
      },
    });
  }
  if (config.rateLimit.enabled) {
    const counts = await shared(rateLimitMetricsResource);
    const reasons = { ip: "ip", key: "key", serverKey: "server_key", burst: "burst", noAgent: "no_agent" } as const;
    new Counter({
      name: "gateway_rate_limit_refusals_total",
      help: "Requests refused by rate limiting, by reason: the limit hit (ip, key, server_key, burst, no_agent: 429) or denied_agent (403)",
      labelNames: ["reason"],
      registers: [registry],
      collect() {
        const snapshot = counts.snapshot();
        this.reset();
        for (const [limit, reason] of Object.entries(reasons)) this.inc({ reason }, snapshot.limited[limit as keyof typeof reasons]);
        this.inc({ reason: "denied_agent" }, snapshot.deniedAgents);
      },
    });
  }
  const refusals = await shared(authRefusalsResource);
  new Counter({
    name: "gateway_auth_refusals_total",
    help: "Requests refused by authentication (401, 403), by reason",
    labelNames: ["reason"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(refusals.snapshot())) this.inc({ reason }, count);
    },
  });
  new Counter({
    name: "gateway_supergraph_reloads_total",
    help: "Supergraphs loaded after the first (accepted reloads of the supergraph file)",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(Math.max(0, (supergraph.loads ?? 0) - 1));
    },
  });
  new Gauge({
    name: "gateway_supergraph_info",
    help: "The serving supergraph: 1, labelled with its hash",
    labelNames: ["hash"],
    registers: [registry],
    collect() {
      this.reset();
      if (supergraph.hash) this.set({ hash: supergraph.hash }, 1);
    },
  });

  const known = new Set<string>();
  // The registry's service levels of each subgraph, and the defaults for one fetched but not in the registry.
  const serviceLevels = (): [string, ServiceLevels][] => {
    const levels = { ...config.subgraphServiceLevels };
    for (const subgraph of known) levels[subgraph] ??= DEFAULT_SERVICE_LEVELS;
    return Object.entries(levels);
  };
  new Gauge({
    name: "gateway_subgraph_latency_objective_seconds",
    help: "A subgraph's latency objective (schema/subgraphs.json serviceLevels.latency): `percentile` of its fetches should take at most this long",
    labelNames: ["subgraph", "percentile"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [subgraph, { latency }] of serviceLevels()) this.set({ subgraph, percentile: String(latency.percentile) }, latency.objectiveMs / 1000);
    },
  });
  new Gauge({
    name: "gateway_subgraph_availability_target",
    help: "A subgraph's availability target (schema/subgraphs.json serviceLevels.availability): the share of its fetches that should succeed",
    labelNames: ["subgraph"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [subgraph, { availability }] of serviceLevels()) this.set({ subgraph }, availability.target);
    },
  });

  const events: SubgraphEvents = {
    sent({ subgraph, outcome, seconds, retries: retried }) {
      if (!known.has(subgraph)) {
        known.add(subgraph);
        if (!breakerSet.has(subgraph)) breakerState.set({ subgraph }, BREAKER_STATE_VALUES.closed);
      }
      fetches.inc({ subgraph, outcome });
      fetchDuration.observe({ subgraph }, seconds);
      if (retried > 0) retries.inc({ subgraph }, retried);
    },
    joined: (subgraph) => coalesced.inc({ subgraph }),
    breakerChanged({ subgraph, to }) {
      breakerSet.add(subgraph);
      breakerState.set({ subgraph }, BREAKER_STATE_VALUES[to]);
      breakerTransitions.inc({ subgraph, to: BREAKER_STATE_LABELS[to] });
    },
  };
  const breakerSet = new Set<string>();

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      const seen = requestMetrics.of(contextValue);
      seen.apollo = true;
      return {
        async didResolveOperation({ operationName }) {
          seen.resolved = true;
          seen.operation = operationName;
        },
        async didEncounterErrors({ errors }) {
          const code = errors[0]?.extensions?.code;
          seen.errorCode ??= typeof code === "string" ? code : ErrorCode.INTERNAL_SERVER_ERROR;
        },
      };
    },
  };

  const interceptor: GraphQLInterceptor<GatewayContext> = async (exchange) => {
    let answer: HTTPGraphQLResponse | undefined;
    try {
      answer = await exchange.execute();
      return answer;
    } finally {
      const context = await exchange.context();
      const seen = requestMetrics.of(context);
      const operation = seen.resolved ? operations.admit(seen.operation) : operations.peek(requestedOperationName(exchange.graphql), "unknown");
      const channel = context.caller?.channel ?? "none";
      const status = answer ? (answer.status ?? 200) : 500;
      const code = answer ? (seen.apollo ? seen.errorCode : undefined) ?? refusalCode(answer) : ErrorCode.INTERNAL_SERVER_ERROR;
      requests.inc({ operation, channel, status_class: statusClass(status), error_code: code ? errorCodes.admit(code) : "none" });
      duration.observe({ operation, channel }, (performance.now() - context.receivedAt) / 1000);
    }
  };

  const production = config.production;
  return {
    name: "metrics",
    intercept: { stage: "envelope", interceptor },
    plugins: [plugin],
    subgraphFetch: { events },
    routes: [
      metricsRoute({
        registries: [processRegistry(), registry],
        token: config.metrics.token,
        refuse: production && !config.metrics.token ? "Metrics are served in production only to a scraper presenting GATEWAY_METRICS_TOKEN (or, without one, GATEWAY_OPERATOR_TOKEN) as a bearer token, and neither is set" : undefined,
      }),
    ],
  };
};

/**
 * The operation name a request Apollo Server did not resolve asks for (a refusal's, a cache
 * hit's), read as the request log reads it (`requestOperationName`), from the body or a GET's
 * query string. Only used when that name was already admitted by a resolved request: it never
 * adds a label value.
 */
function requestedOperationName(graphql: HTTPGraphQLRequest): string | undefined {
  return requestOperationName(graphql.method === "GET" ? Object.fromEntries(new URLSearchParams(graphql.search)) : graphql.body);
}

/** The first error's code of an answer Apollo Server did not execute (a refusal, a cached answer): read from small bodies only. */
function refusalCode(answer: HTTPGraphQLResponse): string | undefined {
  if (answer.body.kind !== "complete" || answer.body.string.length > 16_384 || !answer.body.string.includes('"errors"')) return undefined;
  try {
    const code = (JSON.parse(answer.body.string) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]?.extensions?.code;
    return typeof code === "string" ? code : OTHER;
  } catch {
    return undefined;
  }
}
