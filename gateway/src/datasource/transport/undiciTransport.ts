import { Agent } from "undici";
import { POOLED_IDLE_TIMEOUT_MS } from "@platform/http";
import { PooledResponse } from "./pooledResponse";

import type { Fetcher, FetcherResponse } from "./fetcher";

export type { Fetcher, FetcherRequestInit, FetcherResponse } from "./fetcher";

export interface TransportOptions {
  /** Concurrent connections per subgraph origin; further requests queue (and their time limit runs). */
  connectionsPerOrigin?: number;
  /** Idle time after which a pooled connection is closed. */
  keepAliveTimeoutMs?: number;
}

export interface SubgraphTransport {
  /** A fetch over pooled keep-alive connections; honours `init.signal`, which aborts the request. */
  fetch: Fetcher;
  /** Closes the pooled connections once in-flight requests have finished (destroys them after `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/**
 * How the gateway talks HTTP to its subgraphs: undici's `request` over one undici Agent, which
 * keeps a pool of keep-alive connections per subgraph origin, answered as a fetch Response would
 * be (PooledResponse). It replaces make-fetch-happen, the default fetcher of
 * RemoteGraphQLDataSource; `request` rather than undici's `fetch`, whose WHATWG Request,
 * Response and web streams cost more per call than the rest of a subgraph call's transport.
 *
 * Idle connections are dropped after POOLED_IDLE_TIMEOUT_MS (4 s), which the subgraphs'
 * keep-alive timeout must exceed (SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS, 5 s by default, is validated
 * against it), so the gateway does not reuse a connection the subgraph is closing. A server's
 * `Keep-Alive: timeout=` hint may shorten the idle time (undici takes the hint minus 2 s) but
 * never lengthen it (`keepAliveMaxTimeout`).
 */
export function createTransport(options: TransportOptions = {}): SubgraphTransport {
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 128,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? POOLED_IDLE_TIMEOUT_MS,
    keepAliveMaxTimeout: options.keepAliveTimeoutMs ?? POOLED_IDLE_TIMEOUT_MS,
  });
  return {
    fetch: async (url, init = {}) => {
      const { origin, path } = target(url);
      const data = await agent.request({
        origin,
        path,
        method: (init.method ?? "GET") as "GET" | "POST",
        headers: init.headers as Record<string, string> | undefined,
        body: init.body,
        signal: init.signal as AbortSignal | undefined,
      });
      return new PooledResponse(url, data);
    },
    async close(graceMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const graceful = agent.close().then(() => true);
      const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
      const closed = await Promise.race([graceful, late]);
      clearTimeout(timer);
      if (!closed) await agent.destroy();
    },
  };
}

const targets = new Map<string, { origin: string; path: string }>();

/** A subgraph URL's origin and path, parsed once per URL (a gateway calls a handful of them). */
function target(url: string): { origin: string; path: string } {
  let parsed = targets.get(url);
  if (!parsed) {
    const { origin, pathname, search } = new URL(url);
    parsed = { origin, path: `${pathname}${search}` };
    if (targets.size < 1000) targets.set(url, parsed);
  }
  return parsed;
}
