export { type StartTracingOptions, startTracing, type Tracing } from "./startTracing";
export { readTracingSettings, TRACING_ENV, type TracingEnv, type TracingSettings, tracingSettings } from "./settings";
export { activeSpan, traceHeaders, tracingOn, withClientSpan, withServerSpan } from "./spans";
export { operationSpanNamePlugin } from "./operationSpanName";
