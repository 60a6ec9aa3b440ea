import type { Server } from "node:http";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { chainInterceptors, close, createGraphQLHttpServer, GATEWAY_HTTP_LIMITS, httpServerReport, listen } from "../../subgraphs/shared/src/http";
import { createLogger, type Logger } from "../../subgraphs/shared/src/logging";
import { ApiKeyRegistry, apiKeyIdOf, createAuthentication, createRevokedCustomers, recordRevokedCustomers, type RevocationContext, TokenVerifier } from "./auth";
import { BackgroundInvalidations, type CacheContext, CacheMetrics, createCacheStore, EntityCache, createResponseCache, newRequestCacheRecord, PersistedQueryCache, recordFetchForCache } from "./cache";
import { type CallerContext, callerOf, subgraphCallerHeaders } from "./caller";
import { type GatewayConfig, graphqlEndpoint } from "./config";
import { combineFetchObservers, createServiceBuilder, type ResilienceContext, resolveSubgraphUrl, type StaleEntitySource } from "./datasource";
import { createGatewayErrorFormatter, KnownOperationTypesRule, nulCharacterPlugin, operationResolutionPlugin } from "./errors";
import { createHealthRoute, type GatewayPhase, type HealthReport } from "./health";
import { DEFAULT_OPERATION_LIMITS, operationLimitsInterceptor, operationLimitsPlugin, PersistedOperations } from "./limits";
import { createRateLimit } from "./rateLimit";
import { SupergraphFileManager, supergraphHash, supergraphSubgraphs } from "./supergraph";

/** Apollo Server's per-request context: each concern owns its part. */
type GatewayContext = ResilienceContext & CallerContext & CacheContext & RevocationContext;

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  port: number;
  /** Stops taking requests, lets in-flight ones finish, stops watching the supergraph. */
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  logger?: Logger;
  /** Stale-if-error for entity fetches (none by default). */
  staleEntities?: StaleEntitySource;
  /** Debounce of supergraph file changes (tests shorten it). */
  supergraphDebounceMs?: number;
}

/**
 * Starts the gateway in this process: Apollo Server over an ApolloGateway that serves the
 * static supergraph file and reloads it when it changes, behind the shared HTTP adapter with
 * the health endpoints. Resolves once it is ready; rejects (having released everything) when
 * the supergraph cannot be loaded or the port cannot be bound.
 */
export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger("gateway", config.logLevel);
  const limits = config.limits ?? DEFAULT_OPERATION_LIMITS;
  // Read before anything starts: a missing or invalid manifest fails start-up.
  const persisted = limits.persistedOperationsPath ? PersistedOperations.fromFile(limits.persistedOperationsPath) : undefined;
  let phase: GatewayPhase = "starting";
  let serving: { hash: string; loadedAt: string; subgraphs: { name: string; url: string }[] } | undefined;
  const apiKeys = ApiKeyRegistry.open(config.auth.apiKeysPath, logger);
  const tokens = await TokenVerifier.create(config.auth.tokens);
  // Erased customers' tokens are refused; on REDIS_URL, shared by every gateway with the same prefix.
  const revokedCustomers = await createRevokedCustomers(config.cache.redisUrl, config.cache.keyPrefix ?? "gw:", logger);
  const cache = config.cache.enabled ? { store: await createCacheStore(config.cache.redisUrl, logger, config.cache.keyPrefix), metrics: new CacheMetrics() } : undefined;
  const entityCache = cache && new EntityCache(cache.store, cache.metrics);
  const rateLimit = config.rateLimit.enabled ? await createRateLimit({ config: config.rateLimit, clientKey: apiKeyIdOf(apiKeys), logger }) : undefined;
  // Tags that subgraphs' background work (no gateway request to carry them) publishes on Redis.
  const backgroundInvalidations = cache && config.cache.redisUrl ? new BackgroundInvalidations({ redisUrl: config.cache.redisUrl, ...cache, logger }).start() : undefined;

  const subgraphs = createServiceBuilder({
    urlOverrides: config.subgraphUrlOverrides,
    resilience: config.subgraphResilience,
    requestDeadlineMs: config.requestDeadlineMs,
    staleEntities: options.staleEntities ?? entityCache,
    entityCache,
    forwardHeaders: subgraphCallerHeaders(config.serviceSecret) as (context: unknown) => Record<string, string>,
    coalesceQueriesBy: config.coalesceQueries ? (context) => JSON.stringify((context as CallerContext).caller ?? null) : undefined,
    observeFetch: combineFetchObservers(cache ? recordFetchForCache : undefined, recordRevokedCustomers),
    logger,
  });
  const gateway = new ApolloGateway({
    supergraphSdl: new SupergraphFileManager({ path: config.supergraphPath, logger, debounceMs: options.supergraphDebounceMs }),
    buildService: subgraphs.buildService,
    logger,
    // Query plans in a response header are a debugging aid; Apollo keys this on process.env.
    __exposeQueryPlanExperimental: !config.production,
  });
  // Called on the first load and on every accepted update: what /health reports is what serves.
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    serving = {
      hash: supergraphHash(coreSupergraphSdl),
      loadedAt: new Date().toISOString(),
      subgraphs: supergraphSubgraphs(coreSupergraphSdl).map(({ name, url }) => ({
        name,
        url: resolveSubgraphUrl(name, url, config.subgraphUrlOverrides),
      })),
    };
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createGatewayErrorFormatter({
      production: config.production,
      onUnexpected: (error) => logger.error({ err: error }, "unexpected error while executing an operation"),
    }),
    includeStacktraceInErrorResponses: !config.production,
    introspection: !config.production,
    // No "Did you mean ...?" field suggestions where the schema is not introspectable.
    hideSchemaDetailsFromClientErrors: config.production,
    // Fragment bombs fail validation (400) before the query planner sees them.
    maxRecursiveSelections: true,
    validationRules: [KnownOperationTypesRule],
    // Requests without content-type JSON and without a preflight header are refused (400).
    csrfPrevention: true,
    plugins: [operationLimitsPlugin({ limits, persisted }), operationResolutionPlugin(), nulCharacterPlugin(), ...subgraphs.plugins],
    // Persisted-operations-only: APQ hashes resolve from the trusted manifest and nothing registers.
    ...(persisted
      ? { persistedQueries: { cache: persisted.apqCache(), ttl: null } }
      : cache
        ? { persistedQueries: { cache: new PersistedQueryCache(cache.store, cache.metrics) } }
        : {}),
    // The process entry (index.ts) owns the signals and stops the HTTP server first.
    stopOnTerminationSignals: false,
    logger,
  });
  const release = async () => {
    apiKeys.close();
    await revokedCustomers.close();
    await subgraphs.close();
    await backgroundInvalidations?.close();
    await cache?.store.close();
    await rateLimit?.close();
  };
  try {
    await apollo.start();
  } catch (error) {
    await release();
    throw error;
  }

  const server: Server = createGraphQLHttpServer({
    apollo,
    logger,
    bodyLimitBytes: limits.bodyLimitBytes,
    limits: config.http ?? GATEWAY_HTTP_LIMITS,
    context: async (request, receivedAt) => ({
      ...subgraphs.createRequestContext(receivedAt),
      caller: callerOf(request),
      ...(cache ? { cache: newRequestCacheRecord() } : {}),
      revokedCustomers: new Set<string>(),
    }),
    // In order: each step may answer by itself. Rate limits first (unauthenticated floods count
    // too), the response cache last, in front of Apollo (after rate limiting, so that cache hits count).
    intercept: chainInterceptors<GatewayContext>(
      rateLimit?.intercept,
      createAuthentication({ apiKeys, tokens, revokedCustomers, staffKeys: config.auth.staffKeys }),
      operationLimitsInterceptor({ maxDocumentBytes: limits.maxDocumentBytes, persisted }),
      cache ? createResponseCache({ store: cache.store, metrics: cache.metrics, logger }) : undefined,
    ),
    routes: [
      createHealthRoute((): HealthReport => ({
        status: serving ? phase : "starting",
        supergraph: serving ? { hash: serving.hash, loadedAt: serving.loadedAt } : null,
        subgraphs: (serving?.subgraphs ?? []).map((subgraph) => ({ ...subgraph, ...subgraphs.health.subgraphHealth(subgraph.name) })),
        cache: cache
          ? { enabled: true, store: cache.store.status(), layers: cache.metrics.snapshot(), ...(backgroundInvalidations ? { backgroundInvalidations: backgroundInvalidations.status() } : {}) }
          : { enabled: false },
        rateLimit: rateLimit ? rateLimit.report() : { enabled: false },
        http: httpServerReport(server),
      })),
    ],
  });
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (error) {
    await apollo.stop();
    await release();
    throw error;
  }
  phase = "ready";
  const url = graphqlEndpoint(config.host, port);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopped ??= (async () => {
        phase = "stopping";
        await close(server);
        await apollo.stop();
        await release();
      })();
      return stopped;
    },
  };
}
