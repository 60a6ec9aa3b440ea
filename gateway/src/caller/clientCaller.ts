import { ANONYMOUS_WEB, type CallerIdentity, GATEWAY_SERVICE, signedCallerHeaders } from "@platform/caller";
import type { GatewayContext } from "../context";

/** Who a client request comes from (its API key's channel and store, and the person its token names). */
export type ClientCaller = CallerIdentity;

/**
 * The headers that tell a subgraph who the client is, signed by the gateway with the
 * deployment's service secret. A fetch with no client behind it is an anonymous web caller.
 */
export function subgraphCallerHeaders(serviceSecret: string): (context: GatewayContext | undefined) => Record<string, string> {
  return (context) => signedCallerHeaders(GATEWAY_SERVICE, context?.caller ?? ANONYMOUS_WEB, serviceSecret);
}
