import type { IncomingMessage } from "node:http";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { GraphQLSchema } from "graphql";
import {
  type BackgroundTaskRunner,
  collectInvalidations,
  createBackgroundTaskRunner,
  createInvalidationPublisher,
  invalidationsPlugin,
  uncacheableMutationsPlugin,
} from "../cache";
import { readRequestCaller, type RequestCaller } from "@platform/caller";
import { openDatabase } from "../database";
import { createEventPublisher, type EventPublisher, OutboxRelay, type OutboxStore } from "../events";
import { createErrorFormatter } from "@platform/errors";
import { Failpoints, installFailpoints } from "../failpoints";
import { logOperation, operationRecordPlugin, recordCaller } from "../operationLog";
import { close, createGraphQLHttpServer, httpServerReport, listen, requestTarget, sendJson, SUBGRAPH_HTTP_LIMITS } from "@platform/http";
import { createLogger, type Logger } from "@platform/logging";
import { checkReadiness, type ReadinessProbe } from "./readiness";
import { metricsRoute, processRegistry } from "@platform/metrics";
import { type DomainMetrics, SubgraphMetrics } from "../metrics";
import { SqlStatementCounter } from "./sqlStatementCounter";
import { startTracing } from "@platform/tracing";
import { operationSpanPlugin, traceOperation } from "../tracing";
import type { SubgraphConfig } from "./subgraphConfig";

/** What a domain provides; the bootstrap does the rest the same way for every subgraph. */
export interface SubgraphDefinition<TPrisma extends PrismaLike, TContext extends BaseContext> {
  name: string;
  createPrisma(adapter: SqlDriverAdapterFactory): TPrisma;
  createSchema(): Promise<GraphQLSchema>;
  /** Called once per GraphQL request: fresh DataLoaders live here. */
  createContext(services: RequestServices<TPrisma>): TContext;
  /** The domain's outbox, for a domain that publishes events: the bootstrap relays it. */
  outbox?(prisma: TPrisma): OutboxStore;
  /** Work the domain does on its own schedule (retrying compensations, ...): started once serving, stopped first. */
  background?(services: BackgroundServices<TPrisma>): BackgroundWork;
  /** Apollo Server plugins of the domain's own (e.g. a response extension), after the shared ones. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the context type varies per domain; a plugin sees its own
  plugins?(): ApolloServerPlugin<any>[];
  /** Writes the deterministic demo data if this domain's tables are empty; a no-op otherwise. */
  seed?(prisma: TPrisma, logger: Logger): Promise<void>;
}

/** What the bootstrap hands a domain for each request. */
export interface RequestServices<TPrisma> {
  prisma: TPrisma;
  request: IncomingMessage;
  logger: Logger;
  /** Who is calling, from where (validated headers). */
  caller: RequestCaller;
  /** This subgraph's identity when it calls another one (SubgraphClient's `identity`). */
  identity: ServiceIdentity;
  /** Call after committing a transaction that wrote outbox events: relays them now rather than on the next tick. */
  eventsCommitted(): void;
  /** The domain's own Prometheus metrics (`<subgraph>_*`, bounded labels), served at `/metrics`; registering is idempotent. */
  metrics: DomainMetrics;
}

export interface BackgroundServices<TPrisma> {
  prisma: TPrisma;
  logger: Logger;
  identity: ServiceIdentity;
  /**
   * Run each unit of background work in it: the invalidation tags it reports (there is no gateway
   * request to carry them) are published to every gateway on Redis (`commerce:invalidations`).
   */
  runTask: BackgroundTaskRunner;
  /** The domain's own Prometheus metrics, the same as RequestServices' `metrics`. */
  metrics: DomainMetrics;
}

export interface BackgroundWork {
  stop(): Promise<void>;
}

export interface ServiceIdentity {
  service: string;
  secret: string;
}

export interface PrismaLike {
  $disconnect(): Promise<void>;
  /** Readiness runs `SELECT 1` through it. */
  $queryRawUnsafe(query: string): Promise<unknown>;
}

export interface RunningSubgraph<TPrisma> {
  name: string;
  url: string;
  port: number;
  prisma: TPrisma;
  logger: Logger;
  /** SQL statements Prisma has sent since start: measure the difference around what you test. */
  sqlStatements: SqlStatementCounter;
  /** Its Prometheus metrics (served at `GET /metrics` with the process's). */
  metrics: SubgraphMetrics;
  /** Where this subgraph's domain events go; `flush()` relays everything committed so far. */
  events: { publisher: EventPublisher; flush(): Promise<void> };
  stop(): Promise<void>;
}

/** Opens and migrates the database, seeds when asked, and serves the subgraph over HTTP. */
export async function startSubgraph<TPrisma extends PrismaLike, TContext extends BaseContext>(
  definition: SubgraphDefinition<TPrisma, TContext>,
  config: SubgraphConfig,
): Promise<RunningSubgraph<TPrisma>> {
  const logger = createLogger(definition.name, config.logLevel);
  if (config.failpoints && config.failpoints.size > 0) {
    installFailpoints(new Failpoints(config.failpoints, { logger }));
    logger.warn({ failpoints: [...config.failpoints.keys()] }, "failpoints enabled: this process crashes on purpose where they are hit");
  }
  const database = await openDatabase(definition.name, config.database);
  const sqlStatements = new SqlStatementCounter();
  const prisma = definition.createPrisma(sqlStatements.wrap(database.adapter));
  const publisher = createEventPublisher(config.redisUrl);
  const metrics = new SubgraphMetrics(definition.name);
  const outbox = definition.outbox?.(prisma);
  const relay = outbox && new OutboxRelay({ store: outbox, publisher, logger, onRelayed: (events) => metrics.eventsRelayed(events.map((event) => event.occurredAt)) });
  if (outbox?.backlog) metrics.watchOutbox(() => outbox.backlog!());
  const invalidations = createInvalidationPublisher(config.redisUrl);
  const identity: ServiceIdentity = { service: definition.name, secret: config.serviceSecret };
  try {
    const applied = await database.migrate();
    if (applied.length > 0) logger.info({ migrations: applied }, "applied migrations");
    if (config.seedDemoData && definition.seed) await definition.seed(prisma, logger);

    const apollo = new ApolloServer<TContext>({
      schema: await definition.createSchema(),
      logger,
      includeStacktraceInErrorResponses: !config.production,
      // runSubgraphProcess owns SIGINT/SIGTERM and stops everything in order. Apollo's own handlers
      // would race it: a second concurrent apollo.stop() waits on a barrier that Apollo Server 5.5
      // only resolves when stopping fails, so the process hung on shutdown with PGlite still open.
      stopOnTerminationSignals: false,
      // Apollo's cache control plugin (on by default) turns the @cacheControl hints into the cache-control header.
      plugins: [metrics.plugin(), uncacheableMutationsPlugin(), invalidationsPlugin(), operationRecordPlugin(), operationSpanPlugin(), ...(definition.plugins?.() ?? [])],
      formatError: createErrorFormatter({
        production: config.production,
        onUnexpected: (error) => logger.error({ err: error }, "unexpected error in a resolver"),
      }),
    });
    await apollo.start();

    const readinessProbes: ReadinessProbe[] = [{ name: "database", probe: () => prisma.$queryRawUnsafe("SELECT 1") }];
    if (publisher.ping) readinessProbes.push({ name: "redis", probe: () => publisher.ping!() });
    const server = createGraphQLHttpServer({
      apollo,
      logger,
      limits: config.http ?? SUBGRAPH_HTTP_LIMITS,
      // One span per operation when the process traces (traceOperation, around everything so that
      // refusals are traced); one log line per operation (logOperation); each request is measured
      // (its operation, outcome and time, its SQL statements and DataLoader batches) and collects
      // its own invalidation tags (AsyncLocalStorage), read by invalidationsPlugin.
      intercept: (exchange) => traceOperation(exchange, () => logOperation(exchange, logger, () => metrics.measure(() => collectInvalidations(exchange.execute)))),
      context: async (request) => {
        const caller = readRequestCaller(request.headers, config.serviceSecret);
        recordCaller(caller);
        return definition.createContext({ prisma, request, logger, caller, identity, eventsCommitted: () => relay?.nudge(), metrics: metrics.domain });
      },
      routes: [
        async (request, response) => {
          const { pathname } = requestTarget(request);
          if (pathname !== "/health" && pathname !== "/health/live" && pathname !== "/health/ready") return false;
          response.setHeader("cache-control", "no-store");
          // Liveness is cheap: the process answers. Readiness checks the database and Redis (when configured).
          if (pathname === "/health/live") {
            sendJson(response, 200, { status: "live" });
            return true;
          }
          const { ready, checks } = await checkReadiness(readinessProbes);
          const status = ready ? "ready" : "not ready";
          // `/health` adds `http`: the server's limits and what they did (aborted requests, 408s, refused connections).
          sendJson(response, ready ? 200 : 503, pathname === "/health" ? { status, subgraph: definition.name, checks, http: httpServerReport(server) } : { status, checks });
          return true;
        },
        // SUBGRAPH_METRICS_TOKEN, when set, is required as a bearer token.
        metricsRoute({ registries: [processRegistry(), metrics.registry], token: config.metricsToken }),
      ],
    });
    const port = await listen(server, config.port, config.host);
    relay?.start();
    const runTask = createBackgroundTaskRunner({ source: definition.name, publisher: invalidations, logger });
    const background = definition.background?.({ prisma, logger, identity, runTask, metrics: metrics.domain });
    const url = `http://${config.host}:${port}/graphql`;
    logger.info({ url, database: config.database.kind }, "subgraph ready");

    return {
      name: definition.name,
      url,
      port,
      prisma,
      logger,
      sqlStatements,
      metrics,
      events: { publisher, flush: async () => relay?.flush() },
      async stop() {
        await background?.stop();
        await close(server);
        await apollo.stop();
        await relay?.stop();
        await publisher.close();
        await invalidations.close();
        await prisma.$disconnect();
        await database.close();
      },
    };
  } catch (error) {
    await publisher.close().catch(() => undefined);
    await invalidations.close().catch(() => undefined);
    await prisma.$disconnect().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** The `index.ts` of every subgraph: start, log the failure and exit 1, stop cleanly on SIGINT/SIGTERM. */
export function runSubgraphProcess<TPrisma extends PrismaLike, TContext extends BaseContext>(
  definition: SubgraphDefinition<TPrisma, TContext>,
  config: SubgraphConfig,
): void {
  // First (before ioredis is first required, for its instrumentation); without OTEL_EXPORTER_OTLP_ENDPOINT it loads nothing.
  const tracing = startTracing({ serviceName: definition.name, settings: config.tracing, logger: createLogger(definition.name, config.logLevel), prisma: true, redis: Boolean(config.redisUrl) });
  startSubgraph(definition, config).then(
    (running) => {
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        running.logger.info({ signal }, "stopping");
        // The server and the database first (in-flight operations finish, their spans end), then the last spans are sent.
        running
          .stop()
          .then(() => tracing.shutdown())
          .then(
            () => process.exit(0),
            (error: unknown) => {
              running.logger.error({ err: error }, "error while stopping");
              process.exit(1);
            },
          );
      };
      process.on("SIGINT", () => shutdown("SIGINT"));
      process.on("SIGTERM", () => shutdown("SIGTERM"));
    },
    async (error: unknown) => {
      createLogger(definition.name).fatal({ err: error }, "subgraph failed to start");
      await tracing.shutdown();
      process.exit(1);
    },
  );
}
