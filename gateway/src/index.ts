import { createLogger } from "@platform/logging";
import { readTracingSettings, startTracing, type Tracing } from "@platform/tracing";

/**
 * The gateway process's entry. Tracing starts first, before the rest of the gateway is loaded:
 * Apollo Gateway takes its OpenTelemetry tracer when its module loads (through its own copy of
 * `@opentelemetry/api`, which sees only a tracer provider registered before that), and ioredis'
 * instrumentation must be in place before ioredis is first required. Without
 * OTEL_EXPORTER_OTLP_ENDPOINT this loads none of the SDK. The gateway's configuration
 * (`loadGatewayConfig`) validates the same variables again, with the rest.
 */
function startProcessTracing(): Tracing {
  try {
    const settings = readTracingSettings(process.env, "gateway environment");
    return startTracing({ serviceName: "gateway", settings, logger: createLogger("gateway"), redis: Boolean(process.env.REDIS_URL?.trim()) });
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const tracing = startProcessTracing();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after tracing is started, on purpose (see above)
void (require("./main") as typeof import("./main")).main(tracing);
