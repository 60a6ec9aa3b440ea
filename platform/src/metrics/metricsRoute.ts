import type { ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import { admitBearer, type HttpRoute, requestTarget, sendJson } from "../http";

export interface MetricsRouteOptions {
  /** Every registry served, in order (the process's and the server's own); their metrics must not share names. */
  registries: readonly Registry[];
  /** When set, a scrape must send `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** When set (and no token), every scrape is answered 403 with this message: metrics are recorded, not served. */
  refuse?: string;
  /** The path (default `/metrics`). */
  path?: string;
}

/**
 * `GET /metrics` (and `HEAD`): the registries in Prometheus' text exposition format, with its
 * content type (`text/plain; version=0.0.4; charset=utf-8`) and `cache-control: no-store`;
 * 405 with `Allow: GET, HEAD` for any other method. Optionally guarded by a bearer token.
 */
export function metricsRoute(options: MetricsRouteOptions): HttpRoute {
  const path = options.path ?? "/metrics";
  const contentType = options.registries[0]?.contentType ?? "text/plain; version=0.0.4; charset=utf-8";
  return async (request, response) => {
    if (requestTarget(request).pathname !== path) return false;
    response.setHeader("cache-control", "no-store");
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("allow", "GET, HEAD");
      sendJson(response, 405, { errors: [{ message: `${path} answers GET only`, extensions: { code: "METHOD_NOT_ALLOWED" } }] });
      return true;
    }
    const guard = { token: options.token, refuse: options.refuse, realm: "metrics", unauthenticated: `${path} requires the metrics token as a bearer token` };
    if (!admitBearer(request, response, guard)) return true;
    const texts = await Promise.all(options.registries.map((registry) => registry.metrics()));
    send(response, contentType, request.method === "HEAD" ? "" : texts.filter((text) => text.length > 0).join("\n"));
    return true;
  };
}

function send(response: ServerResponse, contentType: string, body: string): void {
  response.statusCode = 200;
  response.setHeader("content-type", contentType);
  response.end(body);
}
