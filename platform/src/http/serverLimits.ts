import type { Server } from "node:http";

/**
 * How long a client may take to send a request, how long an idle connection is kept, and how
 * many connections one server holds: what stops slow or idle clients from holding sockets
 * (slowloris), applied the same way to the gateway's and every subgraph's HTTP server.
 */
export interface HttpServerLimits {
  /** The request line and headers must have arrived within this time (Node's `headersTimeout`); 408 otherwise. */
  headersTimeoutMs: number;
  /** The whole request, body included, must have arrived within this time (Node's `requestTimeout`); 408 otherwise. Not the time to answer it. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time (Node's `keepAliveTimeout`). */
  keepAliveTimeoutMs: number;
  /** Open connections at most; a connection beyond it is closed as soon as it is accepted. 0: unlimited. */
  maxConnections: number;
}

/**
 * The longest any client of a subgraph keeps an idle pooled connection to it: the gateway's
 * undici pool and the undici pool `SubgraphClient` shares among a subgraph's service calls (both
 * with `keepAliveTimeout` and `keepAliveMaxTimeout`, so a server hint cannot lengthen it). A subgraph must keep idle connections open for longer,
 * by `KEEP_ALIVE_MARGIN_MS` at least, so that a client never sends a request on a connection
 * the subgraph is closing at that moment (the request would fail with a reset).
 */
export const POOLED_IDLE_TIMEOUT_MS = 4000;
export const KEEP_ALIVE_MARGIN_MS = 1000;

export const GATEWAY_HTTP_LIMITS: Readonly<HttpServerLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5000,
  maxConnections: 4096,
});

export const SUBGRAPH_HTTP_LIMITS: Readonly<HttpServerLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: POOLED_IDLE_TIMEOUT_MS + KEEP_ALIVE_MARGIN_MS,
  // Its clients are the gateways' pools (128 connections each) and the other subgraphs: a limit
  // would have to follow how many gateways run, so none by default.
  maxConnections: 0,
});

/** What the limits did since start, for `/health`. */
export interface HttpServerCounts {
  /** Requests whose client went away before the answer was complete (not an error of ours). */
  aborted: number;
  /** Requests answered 408 because their headers or body did not arrive in time. */
  timedOut: number;
  /** Connections closed on accept because `maxConnections` were open. */
  refusedConnections: number;
}

export interface HttpServerReport {
  limits: HttpServerLimits | null;
  counts: HttpServerCounts;
}

interface ServerState {
  limits: HttpServerLimits | null;
  counts: HttpServerCounts;
}

const states = new WeakMap<Server, ServerState>();

function stateOf(server: Server): ServerState {
  let state = states.get(server);
  if (!state) {
    state = { limits: null, counts: { aborted: 0, timedOut: 0, refusedConnections: 0 } };
    states.set(server, state);
  }
  return state;
}

/** Counts one event of `server` (the HTTP adapter counts aborted and timed-out requests). */
export function countHttpEvent(server: Server, event: keyof HttpServerCounts): void {
  stateOf(server).counts[event] += 1;
}

/** The limits applied to `server` and its counts since start (a copy): the `/health` `http` section. */
export function httpServerReport(server: Server): HttpServerReport {
  const { limits, counts } = stateOf(server);
  return { limits: limits && { ...limits }, counts: { ...counts } };
}

/**
 * How often Node looks for requests past `headersTimeoutMs` or `requestTimeoutMs`. Node checks
 * on a timer (`connectionsCheckingInterval`, 30 s by default: a slow client then holds its
 * socket for up to 30 s past the limit); here at most a second, and a fraction of short limits.
 */
export function connectionsCheckingIntervalMs(limits: HttpServerLimits): number {
  const shortest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return Math.max(50, Math.min(1000, Math.floor(shortest / 4)));
}

/**
 * Applies `limits` to a node:http server, before it listens (Node starts its timeout checker
 * when the server starts listening). A request past a timeout is answered 408 by the server's
 * `clientError` handler (the shared HTTP adapter's answers JSON) and counted there; a connection
 * beyond `maxConnections` is closed by Node on accept and counted here.
 */
export function applyHttpServerLimits(server: Server, limits: HttpServerLimits): void {
  validateHttpServerLimits(limits);
  if (server.listening) throw new Error("applyHttpServerLimits: apply the limits before the server listens");
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Read by Node when the server starts listening (setupConnectionsTracking).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = connectionsCheckingIntervalMs(limits);
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
  const state = stateOf(server);
  if (state.limits === null) server.on("drop", () => countHttpEvent(server, "refusedConnections"));
  state.limits = { ...limits };
}

/** The rules Node enforces (headers within the request's time) and that make sense at all; throws naming the problem. */
export function validateHttpServerLimits(limits: HttpServerLimits): void {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 0) problems.push(`${name} must be a whole number of at least 0 (got ${value})`);
  }
  if (limits.headersTimeoutMs <= 0 || limits.requestTimeoutMs <= 0 || limits.keepAliveTimeoutMs <= 0) {
    problems.push("headersTimeoutMs, requestTimeoutMs and keepAliveTimeoutMs must be positive: a server without them is open to slow clients");
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    problems.push(`headersTimeoutMs (${limits.headersTimeoutMs}) must not exceed requestTimeoutMs (${limits.requestTimeoutMs}): the headers are part of the request`);
  }
  if (problems.length > 0) throw new Error(`Invalid HTTP server limits: ${problems.join("; ")}`);
}
