import { randomUUID } from "node:crypto";
import { readRequestId, readTraceparent, REQUEST_ID_HEADER, TRACEPARENT_HEADER, type TraceContext } from "@platform/requestLog";
import type { CapabilityFactory } from "../capability";
import { ContextPart } from "../context";

export { REQUEST_ID_HEADER };

/** The request's id, in its context: the client's, or one made up when it sent none. */
export const requestIdPart = new ContextPart<string>("requestId", () => randomUUID());

/** The client's W3C trace context (`traceparent`), when it sent a valid one. */
export const traceContextPart = new ContextPart<TraceContext | undefined>("traceContext", () => undefined);

/**
 * The ids that tie a request together across processes. Every GraphQL answer carries
 * `x-request-id`, refusals (401, 429) included: the client's own id when it sent a well-formed
 * one, so a support ticket and the gateway's logs name the same request, or a new UUID. The id
 * is kept in the request's context for the steps after it, and sent to every subgraph fetch as
 * `x-request-id`, with the client's `traceparent` unchanged when it is valid (both unsigned: see
 * `@platform/requestLog`).
 */
export const requestIdCapability: CapabilityFactory = () => ({
  name: "requestId",
  intercept: {
    stage: "envelope",
    async interceptor(exchange) {
      const context = await exchange.context();
      const sent = readRequestId(exchange.request.headers[REQUEST_ID_HEADER]);
      if (sent) requestIdPart.set(context, sent);
      const trace = readTraceparent(exchange.request.headers[TRACEPARENT_HEADER]);
      if (trace) traceContextPart.set(context, trace);
      const response = await exchange.execute();
      response.headers.set(REQUEST_ID_HEADER, requestIdPart.of(context));
      return response;
    },
  },
  subgraphFetch: {
    headers(context): Readonly<Record<string, string>> {
      const trace = traceContextPart.of(context);
      const id = requestIdPart.of(context);
      return trace ? { [REQUEST_ID_HEADER]: id, [TRACEPARENT_HEADER]: trace.traceparent } : { [REQUEST_ID_HEADER]: id };
    },
  },
});
