import { createServer, type IncomingMessage, maxHeaderSize, type Server, type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { AddressInfo } from "node:net";
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";
import type { Logger } from "../logging";
import { HttpError, readBody } from "./readJsonBody";
import { requestTarget } from "./requestTarget";
import { applyHttpServerLimits, countHttpEvent, type HttpServerLimits } from "./serverLimits";

/** A non-GraphQL route (health, metrics): answers the request and returns true, or returns false. */
export type HttpRoute = (request: IncomingMessage, response: ServerResponse) => Promise<boolean> | boolean;

/** One GraphQL request on its way to Apollo Server, as an interceptor sees it. */
export interface GraphQLExchange<TContext> {
  request: IncomingMessage;
  graphql: HTTPGraphQLRequest;
  /** Runs the request through Apollo Server. */
  execute(): Promise<HTTPGraphQLResponse>;
  /**
   * The request's context: created once, by the first step that asks (an interceptor, or Apollo
   * Server when it executes), and the same object for every step after.
   */
  context(): Promise<TContext>;
}

/** Wraps GraphQL execution (a response cache answers without executing, or stores what execution gave). */
export type GraphQLInterceptor<TContext> = (exchange: GraphQLExchange<TContext>) => Promise<HTTPGraphQLResponse>;

export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** The request's Apollo context; `receivedAt` is when the server began handling it (`performance.now()`). */
  context: (request: IncomingMessage, receivedAt: number) => Promise<TContext>;
  logger: Logger;
  /** Tried in order before GraphQL. */
  routes?: HttpRoute[];
  graphqlPath?: string;
  bodyLimitBytes?: number;
  intercept?: GraphQLInterceptor<TContext>;
  /**
   * Sets the headers every answer to the request carries, whatever makes it: a route, this
   * adapter's own refusals (404, 413, a body that is not JSON, 500), the interceptors or Apollo
   * Server (e.g. CORS). Called once per request before anything answers; an answer's own headers
   * are written over these, `Vary` merged rather than replaced.
   */
  decorate?: (request: IncomingMessage, response: ServerResponse) => void;
  /** Header, request and keep-alive timeouts and the connection limit (`applyHttpServerLimits`); Node's defaults without them. */
  limits?: HttpServerLimits;
}

const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A plain node:http server in front of Apollo Server: GraphQL on `graphqlPath`, extra routes
 * (health, metrics) before it, and JSON errors rather than a crash for a body that is too
 * large or not JSON. Apollo's standalone server cannot host other routes, hence this adapter.
 *
 * A client that goes away before its answer is complete (closed the connection mid-body, or
 * while the answer was computed) is not an error of ours: one debug line and the `aborted`
 * count of `httpServerReport`, never an ERROR line (anyone could flood the error log with
 * dropped connections). A request whose headers or body do not arrive within `limits` is
 * answered 408 with a JSON body and counted as `timedOut`.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpServerOptions<TContext>): Server {
  const graphqlPath = options.graphqlPath ?? "/graphql";
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const { logger } = options;

  const server = createServer((request, response) => {
    response.once("close", () => {
      // 'close' follows 'finish' on every answered request; before it, the client went away.
      if (response.writableFinished || timedOut.has(request.socket)) return;
      countHttpEvent(server, "aborted");
      logger.debug({ method: request.method, url: request.url }, "client went away before its request was answered");
    });
    handle(request, response).catch((error: unknown) => {
      // The 'close' listener above counts and logs it: reading the body of a dropped request throws "aborted".
      if (clientGone(request, response)) return;
      logger.error({ err: error }, "unhandled error while answering a request");
      if (!response.headersSent) sendJsonError(response, 500, "Internal server error", "INTERNAL_SERVER_ERROR");
      else response.end();
    });
  });
  /** Sockets answered 408: their request's end is a time-out, not an abort. */
  const timedOut = new WeakSet<Duplex>();
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      timedOut.add(socket);
      countHttpEvent(server, "timedOut");
      logger.debug({ remoteAddress: (socket as Duplex & { remoteAddress?: string }).remoteAddress }, "request timed out: answered 408");
    }
    answerClientError(error, socket, server);
  });
  if (options.limits) applyHttpServerLimits(server, options.limits);
  return server;

  function clientGone(request: IncomingMessage, response: ServerResponse): boolean {
    return Boolean(request.socket?.destroyed || response.destroyed || (request.socket && timedOut.has(request.socket)));
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    options.decorate?.(request, response);
    for (const route of options.routes ?? []) {
      if (await route(request, response)) return;
    }
    const url = requestTarget(request);
    if (url.pathname !== graphqlPath) {
      sendJsonError(response, 404, `Not found: GraphQL is served at ${graphqlPath}`, "NOT_FOUND");
      return;
    }

    let body: unknown;
    try {
      body = request.method === "POST" ? await readBody(request, bodyLimit) : undefined;
    } catch (error) {
      if (error instanceof HttpError) return sendJsonError(response, error.status, error.message, error.code);
      throw error;
    }

    const headers = new HeaderMap();
    for (const name in request.headers) {
      const value = request.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const graphql: HTTPGraphQLRequest = { method: (request.method ?? "GET").toUpperCase(), headers, search: url.search, body };
    let created: Promise<TContext> | undefined;
    const context = () => (created ??= options.context(request, receivedAt));
    const execute = () => options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: graphql, context });
    const result = options.intercept ? await options.intercept({ request, graphql, execute, context }) : await execute();

    for (const [name, value] of result.headers) {
      if (name === "vary") appendVary(response, value);
      else response.setHeader(name, value);
    }
    response.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }
}

export function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.end(JSON.stringify(payload));
}

/** Adds fields (`Origin`, or a comma-separated list) to the answer's `Vary`, each once, whatever their case; `Vary: *` stays as it is. */
export function appendVary(response: ServerResponse, fields: string): void {
  const present = String(response.getHeader("vary") ?? "").split(",").map((field) => field.trim()).filter(Boolean);
  if (present.includes("*")) return;
  const merged = [...present];
  const known = new Set(present.map((field) => field.toLowerCase()));
  for (const field of fields.split(",").map((entry) => entry.trim())) {
    if (!field || known.has(field.toLowerCase())) continue;
    if (field === "*") return void response.setHeader("vary", "*");
    known.add(field.toLowerCase());
    merged.push(field);
  }
  if (merged.length > present.length) response.setHeader("vary", merged.join(", "));
}

function sendJsonError(response: ServerResponse, status: number, message: string, code: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] });
}

/**
 * A request Node's HTTP parser refuses before there is a request object (headers or URL over
 * Node's 16 KB header limit, a malformed request line or header), or one Node's timeout checker
 * gives up on, answered like every other refusal: JSON with a code, instead of Node's bare
 * status line without a body. 431 for headers too large, 408 (`REQUEST_TIMEOUT`) for headers or
 * a body that took too long, 400 otherwise.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, server: Server): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, message, code] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, `Request headers, URL included, exceed the limit of ${maxHeaderSize} bytes`, "BAD_REQUEST"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? inFlight
          ? [408, `The request's body did not arrive within ${server.requestTimeout} ms`, "REQUEST_TIMEOUT"]
          : [408, `The request's headers did not arrive within ${server.headersTimeout} ms`, "REQUEST_TIMEOUT"]
        : [400, `Malformed HTTP request (${error.code ?? error.message})`, "BAD_REQUEST"];
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  // Once the answer is out, the socket goes, whether or not the client closes its side.
  socket.once("finish", () => socket.destroy());
}

/** Listens and resolves with the bound port (pass port 0 for any free port). */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops accepting connections, lets in-flight requests finish, then drops idle keep-alive sockets. */
export async function close(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const forceAfter = setTimeout(() => server.closeAllConnections(), 5000);
  await closed;
  clearTimeout(forceAfter);
}
