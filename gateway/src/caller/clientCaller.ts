import type { IncomingHttpHeaders } from "node:http";
import { CallerHeader, callerHeaders, readRequestCaller, type RequestCaller } from "../../../subgraphs/shared/src/caller";

/** Who a client request comes from, as the gateway passes it on to every subgraph fetch. */
export type ClientCaller = Omit<RequestCaller, "service">;

/** The part of the gateway's per-request context this module owns. */
export interface CallerContext {
  caller?: ClientCaller;
}

/**
 * Reads the client's channel, store and people headers, with the same validation the subgraphs
 * apply (a bad channel, or a kiosk without its store, is a 400 before any subgraph is called).
 * A client is never a service: service headers are dropped, not verified.
 */
export function readClientCaller(headers: IncomingHttpHeaders): ClientCaller {
  const { [CallerHeader.service]: _service, [CallerHeader.serviceToken]: _token, ...clientHeaders } = headers;
  const { service: _none, ...caller } = readRequestCaller(clientHeaders, "");
  return caller;
}

/** The headers that tell a subgraph who the client is; nothing when the context has no caller. */
export function subgraphCallerHeaders(context: CallerContext | undefined): Record<string, string> {
  return context?.caller ? callerHeaders(context.caller) : {};
}
