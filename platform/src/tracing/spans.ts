import type { IncomingHttpHeaders } from "node:http";
import { type Attributes, context, propagation, type Span, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

/**
 * The request path's side of tracing: server spans that continue a caller's `traceparent`,
 * client spans, and the trace context to send on. Only `@opentelemetry/api` (the no-op facade
 * until `startTracing` registers the SDK); every helper is a plain call through when tracing is
 * off, so callers need not test for it.
 */

let on = false;

/** Set by startTracing once the SDK is registered. */
export function markTracingOn(): void {
  on = true;
}

/** Whether this process traces (startTracing registered the SDK). */
export function tracingOn(): boolean {
  return on;
}

const tracer = () => trace.getTracer("commerce");

/** Reads a header of node's IncomingHttpHeaders (its first value when repeated). */
const headerGetter = {
  keys: (carrier: IncomingHttpHeaders) => Object.keys(carrier),
  get: (carrier: IncomingHttpHeaders, key: string) => carrier[key],
};

/**
 * Runs `work` in a SERVER span continuing the caller's trace context (`traceparent`, validated
 * by the W3C propagator: a malformed one starts a new trace), ended when `work` settles; `work`
 * sees the span to name it or add attributes once it knows more. Without tracing, just `work()`.
 */
export async function withServerSpan<T>(name: string, headers: IncomingHttpHeaders, attributes: Attributes, work: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!on) return work(undefined);
  const parent = propagation.extract(context.active(), headers, headerGetter);
  return tracer().startActiveSpan(name, { kind: SpanKind.SERVER, attributes }, parent, (span) => ended(span, work));
}

/** Runs `work` in a CLIENT span (a call to another process), child of the active span. Without tracing, just `work()`. */
export async function withClientSpan<T>(name: string, attributes: Attributes, work: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!on) return work(undefined);
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, (span) => ended(span, work));
}

async function ended<T>(span: Span, work: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await work(span);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The trace context of the active span as headers (`traceparent`, and `tracestate` when there is
 * one), for a request to another process; `{}` without tracing or outside any span.
 */
export function traceHeaders(): Record<string, string> {
  if (!on) return {};
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** The active span, to name it or add attributes (undefined without tracing or outside a span). */
export function activeSpan(): Span | undefined {
  return on ? trace.getActiveSpan() : undefined;
}
