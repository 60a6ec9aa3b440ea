import type { Logger } from "../logging";
import type { TracingSettings } from "./settings";
import { markTracingOn } from "./spans";

/** The SDK packages, required only when tracing is on (import types load nothing). */
type Api = typeof import("@opentelemetry/api");
type SdkTrace = typeof import("@opentelemetry/sdk-trace");
type ContextAsyncHooks = typeof import("@opentelemetry/context-async-hooks");
type Core = typeof import("@opentelemetry/core");
type Resources = typeof import("@opentelemetry/resources");
type OtlpHttp = typeof import("@opentelemetry/exporter-trace-otlp-http");
type PrismaInstrumentationModule = typeof import("@prisma/instrumentation");
type IoredisInstrumentationModule = typeof import("@opentelemetry/instrumentation-ioredis");

export interface StartTracingOptions {
  /** `service.name` of the process's spans unless OTEL_SERVICE_NAME says otherwise. */
  serviceName: string;
  /** From the process's configuration (`tracingSettings`); undefined: tracing off, nothing loaded. */
  settings: TracingSettings | undefined;
  logger: Logger;
  /** Spans for Prisma's operations and SQL (`@prisma/instrumentation`): the subgraphs. */
  prisma?: boolean;
  /** Spans for ioredis commands made inside a traced request: when the process has REDIS_URL. */
  redis?: boolean;
  /** Tests: how long the processor waits before sending a batch (default 1000 ms). */
  scheduledDelayMillis?: number;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Sends the spans still queued and stops the SDK; bounded (a collector that is down never holds a stop). Safe to call twice. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, shutdown: async () => {} };

/** How long shutdown waits for the last batch to be accepted. */
const SHUTDOWN_BUDGET_MS = 5000;

/**
 * Starts OpenTelemetry tracing for this process, first thing in its entry: a TracerProvider
 * (resource `service.name`, ParentBased(TraceIdRatio) sampler) whose BatchSpanProcessor sends
 * OTLP/HTTP JSON to the configured endpoint, the AsyncLocalStorage context manager, the W3C
 * trace-context propagator, and Prisma's and ioredis' instrumentations when asked. Without
 * settings it loads none of the SDK (the packages are required here, on demand, not imported)
 * and `@opentelemetry/api` stays its no-op self: Apollo Gateway's spans cost a no-op call each.
 *
 * Must run before the process requires ioredis (its instrumentation patches the module as it is
 * loaded): the gateway and the kit require ioredis on first use.
 */
export function startTracing(options: StartTracingOptions): Tracing {
  const { settings, logger } = options;
  if (!settings) return OFF;
  /* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loads: tracing off loads none of this */
  const api = require("@opentelemetry/api") as Api;
  const { TracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } = require("@opentelemetry/sdk-trace") as SdkTrace;
  const { AsyncLocalStorageContextManager } = require("@opentelemetry/context-async-hooks") as ContextAsyncHooks;
  const { W3CTraceContextPropagator } = require("@opentelemetry/core") as Core;
  const { resourceFromAttributes } = require("@opentelemetry/resources") as Resources;
  const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-http") as OtlpHttp;
  /* eslint-enable @typescript-eslint/no-require-imports */

  const serviceName = settings.serviceName ?? options.serviceName;
  const exporter = new OTLPTraceExporter({ url: settings.tracesUrl, timeoutMillis: SHUTDOWN_BUDGET_MS });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: options.scheduledDelayMillis ?? 1000, exportTimeoutMillis: SHUTDOWN_BUDGET_MS })],
  });
  // The SDK's own complaints (an unreachable collector...) go to the process's log, at warn and above, never to stdout raw.
  api.diag.setLogger(
    {
      error: (message, ...args) => logger.warn({ otel: args.map(String) }, `tracing: ${message}`),
      warn: (message, ...args) => logger.warn({ otel: args.map(String) }, `tracing: ${message}`),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    api.DiagLogLevel.WARN,
  );
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  api.trace.setGlobalTracerProvider(provider);

  const instrumentations: { disable(): void }[] = [];
  if (options.prisma) {
    // Prisma 7's client (query compiler, driver adapters) reads the helper this sets on every call: spans
    // prisma:client:operation, prisma:client:compile, prisma:client:db_query (the SQL), transactions.
    const { PrismaInstrumentation } = require("@prisma/instrumentation") as PrismaInstrumentationModule; // eslint-disable-line @typescript-eslint/no-require-imports
    const prisma = new PrismaInstrumentation({ enabled: false });
    prisma.setTracerProvider(provider);
    prisma.enable();
    instrumentations.push(prisma);
  }
  if (options.redis) {
    const { IORedisInstrumentation } = require("@opentelemetry/instrumentation-ioredis") as IoredisInstrumentationModule; // eslint-disable-line @typescript-eslint/no-require-imports
    // Commands outside a traced request (the outbox relay's, health pings) make no root spans of their own.
    const redis = new IORedisInstrumentation({ enabled: false, requireParentSpan: true });
    redis.setTracerProvider(provider);
    redis.enable();
    instrumentations.push(redis);
  }
  markTracingOn();
  logger.info({ tracing: { endpoint: settings.tracesUrl, serviceName, sampleRatio: settings.sampleRatio, prisma: Boolean(options.prisma), redis: Boolean(options.redis) } }, "tracing on: OTLP/HTTP");

  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown() {
      stopped ??= (async () => {
        for (const instrumentation of instrumentations) instrumentation.disable();
        let timer: NodeJS.Timeout | undefined;
        const budget = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), SHUTDOWN_BUDGET_MS + 500)));
        const outcome = await Promise.race([
          provider.shutdown().then(
            () => "done" as const,
            (error: unknown) => error,
          ),
          budget,
        ]);
        clearTimeout(timer);
        if (outcome === "late") logger.warn("tracing: the last spans were not sent within the shutdown budget");
        else if (outcome !== "done") logger.warn({ err: outcome }, "tracing: the last spans could not be sent");
      })();
      return stopped;
    },
  };
}
