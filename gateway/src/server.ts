import type { Server } from "node:http";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { close, createGraphQLHttpServer, GATEWAY_HTTP_LIMITS, httpServerReport, listen } from "@platform/http";
import { createLogger, type Logger } from "@platform/logging";
import { GATEWAY_CAPABILITIES } from "./capabilities";
import { type CapabilityFactory, startCapabilities } from "./capability";
import { subgraphCallerHeaders } from "./caller";
import { type GatewayConfig, graphqlEndpoint } from "./config";
import { createGatewayContext, type GatewayContext } from "./context";
import { createServiceBuilder, type StaleEntitySource } from "./datasource";
import { createGatewayErrorFormatter, KnownOperationTypesRule, nulCharacterPlugin, operationResolutionPlugin } from "./errors";
import { createHealthRoute, type GatewayPhase, type HealthReport } from "./health";
import { DEFAULT_OPERATION_LIMITS } from "./limits";
import { operatorAccess } from "./operator";
import { ServingSupergraph, SupergraphFileManager } from "./supergraph";

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  port: number;
  /** Stops taking requests, lets in-flight ones finish, stops watching the supergraph. */
  stop(): Promise<void>;
}

export interface StartGatewayOptions {
  logger?: Logger;
  /** The capabilities to compose (GATEWAY_CAPABILITIES by default). */
  capabilities?: readonly CapabilityFactory[];
  /** Stale-if-error for entity fetches, instead of the entity cache's. */
  staleEntities?: StaleEntitySource;
  /** Debounce of supergraph file changes (tests shorten it). */
  supergraphDebounceMs?: number;
}

/**
 * Starts the gateway in this process: its capabilities, composed; Apollo Server over an
 * ApolloGateway that serves the supergraph file and reloads it when it changes; the shared HTTP
 * adapter with the health endpoints. Resolves once it is ready; rejects (having released
 * everything) when a capability, the supergraph or the port fails.
 */
export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger("gateway", config.logLevel);
  const serving = new ServingSupergraph(config.subgraphUrlOverrides);
  const capabilities = await startCapabilities(options.capabilities ?? GATEWAY_CAPABILITIES, { config, logger, supergraph: serving });
  const subgraphs = createServiceBuilder({
    urlOverrides: config.subgraphUrlOverrides,
    resilience: config.subgraphResilience,
    serviceLevels: config.subgraphServiceLevels,
    requestDeadlineMs: config.requestDeadlineMs,
    forwardHeaders: subgraphCallerHeaders(config.serviceSecret),
    requestHeaders: capabilities.subgraphFetch.headers,
    logger,
    ...capabilities.subgraphFetch,
    staleEntities: options.staleEntities ?? capabilities.subgraphFetch.staleEntities,
  });
  const supergraphSdl = new SupergraphFileManager({ path: config.supergraphPath, logger, debounceMs: options.supergraphDebounceMs });
  // Apollo Gateway sends anonymous usage data to Apollo's servers from its constructor unless
  // APOLLO_TELEMETRY_DISABLED is set (its only switch, read from process.env): this gateway calls
  // nothing but its subgraphs and its Redis, so it is off unless the operator sets it.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  // Query plans in a response header are a debugging aid; Apollo keys this on process.env.
  const gateway = new ApolloGateway({ supergraphSdl, buildService: subgraphs.buildService, logger, __exposeQueryPlanExperimental: !config.production });
  gateway.onSchemaLoadOrUpdate(serving.update);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    ...clientFacingBehaviour(config, logger),
    // No Apollo landing page (Sandbox, loaded from Apollo's CDN): the IDE is a capability (ide/), served by the gateway itself.
    plugins: [ApolloServerPluginLandingPageDisabled(), serving.plugin(), operationResolutionPlugin(), nulCharacterPlugin(), ...subgraphs.plugins, ...capabilities.plugins],
    persistedQueries: capabilities.persistedQueries,
    // The process entry (index.ts) owns the signals and stops the HTTP server first.
    stopOnTerminationSignals: false,
  });
  const release = async () => {
    await subgraphs.close();
    await capabilities.close();
  };
  await orRelease(apollo.start(), release);

  let phase: GatewayPhase = "starting";
  const server: Server = createGraphQLHttpServer({
    apollo,
    logger,
    bodyLimitBytes: (config.limits ?? DEFAULT_OPERATION_LIMITS).bodyLimitBytes,
    // Header, request and keep-alive timeouts and the connection limit (GATEWAY_*_TIMEOUT_MS, GATEWAY_MAX_CONNECTIONS).
    limits: config.http ?? GATEWAY_HTTP_LIMITS,
    context: async (_request, receivedAt) => createGatewayContext(receivedAt),
    intercept: capabilities.interceptor,
    // Headers for every answer, the adapter's own and the routes' included (CORS).
    decorate: capabilities.decorate,
    routes: [
      createHealthRoute(
        (): HealthReport => ({
          status: serving.loaded ? phase : "starting",
          ...serving.report(subgraphs.health),
          ...capabilities.health(),
          http: httpServerReport(server),
        }),
        // The detailed report needs the operator token where it is set, and in production.
        operatorAccess(config, "The detailed health report (/health)"),
      ),
      ...capabilities.routes,
    ],
  });
  const port = await orRelease(listen(server, config.port, config.host), async () => {
    await apollo.stop();
    await release();
  });
  phase = "ready";
  const stop = once(async () => {
    phase = "stopping";
    await close(server);
    await apollo.stop();
    await release();
  });
  return { url: graphqlEndpoint(config.host, port), port, stop };
}

/** How Apollo Server answers clients: errors, introspection and validation, stricter in production. */
function clientFacingBehaviour(config: GatewayConfig, logger: Logger) {
  return {
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
  };
}

/** `work` run on the first call; every call returns its promise. */
function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
}

/** Waits for a start-up step; when it fails, releases what was started before rethrowing. */
async function orRelease<T>(step: Promise<T>, release: () => Promise<void>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    await release();
    throw error;
  }
}
