import { SpanStatusCode } from "@opentelemetry/api";
import { operationSpanNamePlugin, traceHeaders, tracingOn, withServerSpan } from "@platform/tracing";
import type { CapabilityFactory } from "../capability";
import type { GatewayContext } from "../context";

/**
 * OpenTelemetry traces of the gateway, when the process traces (`startTracing` in the entry,
 * OTEL_EXPORTER_OTLP_ENDPOINT): one SERVER span per GraphQL request, continuing the client's
 * `traceparent` (a malformed one starts a new trace), named `<type> <Operation>` once Apollo
 * Server has resolved the operation (`POST /graphql` before that, and for refusals), with the
 * HTTP status. Apollo Gateway's own spans (`gateway.request`, `gateway.validate`, `gateway.plan`,
 * `gateway.execute`, `gateway.fetch`, `gateway.postprocessing`) are made inside it, as its
 * children, through the active context; each subgraph fetch carries the trace context of its
 * `gateway.fetch` span (`subgraphFetch.headers`), listed after `requestId` so that it wins over
 * the client's `traceparent` that `requestId` forwards unchanged. Off, the capability is left out
 * and `requestId` forwards the client's header as before.
 */
export const tracingCapability: CapabilityFactory = () => {
  if (!tracingOn()) return undefined;
  return {
    name: "tracing",
    intercept: {
      stage: "envelope",
      interceptor: (exchange) =>
        withServerSpan("POST /graphql", exchange.request.headers, { "http.request.method": exchange.request.method ?? "GET", "url.path": "/graphql" }, async (span) => {
          const response = await exchange.execute();
          const status = response.status ?? 200;
          span?.setAttribute("http.response.status_code", status);
          if (status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
          return response;
        }),
    },
    // The server span is named `<type> <Operation>` (`<type>` without a name) once the operation is resolved.
    plugins: [operationSpanNamePlugin<GatewayContext>((type, name) => (name ? `${type} ${name}` : type))],
    subgraphFetch: { headers: () => traceHeaders() },
  };
};

