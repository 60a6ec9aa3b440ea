import { LRUCache } from "lru-cache";
import { ANONYMOUS_WEB, type CallerIdentity, GATEWAY_SERVICE, signedCallerHeaders } from "@platform/caller";
import type { GatewayContext } from "../context";

/** Who a client request comes from (its API key's channel and store, and the person its token names). */
export type ClientCaller = CallerIdentity;

/** Callers whose signed headers are kept for reuse within the second they were signed. */
const RECENT_CALLERS = 10_000;

/**
 * The headers that tell a subgraph who the client is, signed by the gateway with the
 * deployment's service secret. A fetch with no client behind it is an anonymous web caller.
 *
 * A signature depends only on the caller and the second it is made in, so the headers made for
 * a caller are reused for every fetch of that second (every subgraph of a request, every
 * request of the same app and person): one HMAC per caller per second, not one per fetch.
 * The headers returned are frozen: they are shared.
 */
export function subgraphCallerHeaders(serviceSecret: string, now: () => number = Date.now): (context: GatewayContext | undefined) => Readonly<Record<string, string>> {
  const recent = new LRUCache<string, { second: number; headers: Readonly<Record<string, string>> }>({ max: RECENT_CALLERS });
  return (context) => {
    const caller = context?.caller ?? ANONYMOUS_WEB;
    const nowMs = now();
    const second = Math.floor(nowMs / 1000);
    const key = `${caller.channel}\n${caller.storeId ?? ""}\n${caller.customerId ?? ""}\n${caller.associateId ?? ""}\n${caller.adminId ?? ""}`;
    const kept = recent.get(key);
    if (kept?.second === second) return kept.headers;
    const headers = Object.freeze(signedCallerHeaders(GATEWAY_SERVICE, caller, serviceSecret, nowMs));
    recent.set(key, { second, headers });
    return headers;
  };
}
