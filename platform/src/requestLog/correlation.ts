/**
 * The ids that tie one client request together across processes, as the gateway passes them to
 * every subgraph fetch and a subgraph passes them on to the subgraphs it calls:
 * - `x-request-id`: the client's own id when well-formed, else one the gateway made up;
 * - `traceparent` (W3C Trace Context): passed through unchanged when valid; its trace id is logged.
 *
 * Neither is covered by the caller signature (`x-commerce-signature`): they decide nothing (no
 * permission, no data), a subgraph only logs them, and it reads them with the same validation
 * as the gateway, so a forged value can at worst mislabel a log line, never inject into one.
 */
export const REQUEST_ID_HEADER = "x-request-id";
export const TRACEPARENT_HEADER = "traceparent";

/** What a request id may look like; anything else (too long, spaces, control characters) is not believed. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** version-traceid-parentid-flags, lower-case hex; version 00 has exactly these four fields. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** A header's first value, whether it came as a string or as a list of them. */
function first(value: string | readonly string[] | null | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : (value as string | null | undefined)) ?? undefined;
}

/** A well-formed request id (1 to 128 of `A-Z a-z 0-9 . _ : -`), else undefined. */
export function readRequestId(value: string | readonly string[] | null | undefined): string | undefined {
  const text = first(value);
  return text && REQUEST_ID.test(text) ? text : undefined;
}

export interface TraceContext {
  /** The header as received, to pass on unchanged. */
  traceparent: string;
  /** Its 32 hex digits of trace id. */
  traceId: string;
}

/**
 * A valid W3C `traceparent` and its trace id, else undefined: version `ff`, an all-zero trace or
 * parent id, upper-case hex, or version 00 with extra fields are invalid (Trace Context §3.2).
 */
export function readTraceparent(value: string | readonly string[] | null | undefined): TraceContext | undefined {
  const text = first(value)?.trim();
  if (!text || text.length > 512) return undefined;
  const match = TRACEPARENT.exec(text);
  if (!match) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId!) || /^0+$/.test(parentId!)) return undefined;
  return { traceparent: text, traceId: traceId! };
}
