import type { RemoteGraphQLDataSource } from "@apollo/gateway";
import { Agent, fetch } from "undici";

/** RemoteGraphQLDataSource's `fetcher` type (@apollo/utils.fetcher's Fetcher). */
export type Fetcher = RemoteGraphQLDataSource["fetcher"];
export type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
export type FetcherResponse = Awaited<ReturnType<Fetcher>>;

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
 * How the gateway talks HTTP to its subgraphs: undici's fetch over one undici Agent, which keeps
 * a pool of keep-alive connections per subgraph origin. It replaces make-fetch-happen, the
 * default fetcher of RemoteGraphQLDataSource.
 *
 * Idle connections are dropped after 4 s, under Node's default server keep-alive timeout (5 s),
 * so the gateway does not reuse a connection the subgraph is closing; undici also honours a
 * shorter `Keep-Alive: timeout=` hint from the server.
 */
export function createTransport(options: TransportOptions = {}): SubgraphTransport {
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 128,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4000,
  });
  return {
    fetch: (url, init) => fetch(url, { ...init, dispatcher: agent }) as unknown as Promise<FetcherResponse>,
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
