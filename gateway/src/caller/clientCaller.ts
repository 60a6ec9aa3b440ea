import type { IncomingMessage } from "node:http";
import { ANONYMOUS_WEB, type CallerIdentity, GATEWAY_SERVICE, signedCallerHeaders } from "../../../subgraphs/shared/src/caller";

/** Who a client request comes from (its API key's channel and store, and the person its token names). */
export type ClientCaller = CallerIdentity;

/** The part of the gateway's per-request context this module owns. */
export interface CallerContext {
  caller?: ClientCaller;
}

const callers = new WeakMap<IncomingMessage, ClientCaller>();

/** Authentication records who a request is from, once; everything after it reads it here. */
export function rememberCaller(request: IncomingMessage, caller: ClientCaller): void {
  callers.set(request, caller);
}

/** Who the request is from; undefined when nothing authenticated it (a bug: the server always does). */
export function callerOf(request: IncomingMessage): ClientCaller | undefined {
  return callers.get(request);
}

/**
 * The headers that tell a subgraph who the client is, signed by the gateway with the
 * deployment's service secret. A fetch with no client behind it is an anonymous web caller.
 */
export function subgraphCallerHeaders(serviceSecret: string): (context: CallerContext | undefined) => Record<string, string> {
  return (context) => signedCallerHeaders(GATEWAY_SERVICE, context?.caller ?? ANONYMOUS_WEB, serviceSecret);
}
