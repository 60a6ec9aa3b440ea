import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One span as the OTLP/HTTP JSON exporter sends it, with the service that sent it. */
export interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, unknown>;
}

export interface OtlpReceiver {
  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT (spans arrive at `/v1/traces`). */
  endpoint: string;
  spans: ReceivedSpan[];
  /** How many export requests arrived, and how many the receiver could not read. */
  requests: { received: number; unreadable: number };
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
type OtlpAttributes = { key: string; value: OtlpValue }[] | undefined;

/**
 * A collector of OpenTelemetry traces for tests and benches, on 127.0.0.1: accepts
 * `POST /v1/traces` with the JSON body `@opentelemetry/exporter-trace-otlp-http` sends
 * (ExportTraceServiceRequest in OTLP's JSON mapping: ids in hex), keeps every span (unless
 * `keep` is false: a bench's sink only counts the exports, unread) and answers 200 `{}` as a collector does.
 */
export async function startOtlpReceiver(options: { keep?: boolean } = {}): Promise<OtlpReceiver> {
  const keep = options.keep ?? true;
  const spans: ReceivedSpan[] = [];
  const requests = { received: 0, unreadable: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/v1/traces") {
        response.writeHead(404).end();
        return;
      }
      requests.received++;
      try {
        if (keep) spans.push(...readSpans(JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown));
      } catch {
        requests.unreadable++;
        response.writeHead(400, { "content-type": "application/json" }).end("{}");
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readSpans(body: unknown): ReceivedSpan[] {
  const read: ReceivedSpan[] = [];
  const { resourceSpans } = body as { resourceSpans?: { resource?: { attributes?: OtlpAttributes }; scopeSpans?: { scope?: { name?: string }; spans?: Record<string, unknown>[] }[] }[] };
  if (!Array.isArray(resourceSpans)) throw new Error("not an ExportTraceServiceRequest");
  for (const resource of resourceSpans) {
    const service = String(attributes(resource.resource?.attributes)["service.name"] ?? "");
    for (const scopeSpans of resource.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        read.push({
          service,
          scope: scopeSpans.scope?.name ?? "",
          traceId: String(span.traceId),
          spanId: String(span.spanId),
          parentSpanId: String(span.parentSpanId ?? ""),
          name: String(span.name),
          kind: Number(span.kind),
          startNs: BigInt(String(span.startTimeUnixNano)),
          endNs: BigInt(String(span.endTimeUnixNano)),
          attributes: attributes(span.attributes as OtlpAttributes),
        });
      }
    }
  }
  return read;
}

function attributes(list: OtlpAttributes): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

/** The spans of one trace as an indented tree, children by start time: `service  name  (ms)`. */
export function traceTree(spans: readonly ReceivedSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, ReceivedSpan[]>();
  const roots: ReceivedSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId)) children.set(span.parentSpanId, [...(children.get(span.parentSpanId) ?? []), span]);
    else roots.push(span);
  }
  const lines: string[] = [];
  const walk = (span: ReceivedSpan, depth: number) => {
    const ms = Number(span.endNs - span.startNs) / 1e6;
    const parent = depth === 0 && span.parentSpanId ? ` (parent ${span.parentSpanId}, not in the trace)` : "";
    lines.push(`${"  ".repeat(depth)}${span.service}: ${span.name}  ${ms.toFixed(1)} ms${parent}`);
    for (const child of (children.get(span.spanId) ?? []).sort((a, b) => (a.startNs < b.startNs ? -1 : 1))) walk(child, depth + 1);
  };
  for (const root of roots.sort((a, b) => (a.startNs < b.startNs ? -1 : 1))) walk(root, 0);
  return lines.join("\n");
}
