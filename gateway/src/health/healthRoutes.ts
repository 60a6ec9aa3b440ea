import type { IncomingMessage, ServerResponse } from "node:http";
import { type HttpRoute, type HttpServerReport, requestTarget, sendJson } from "@platform/http";
import type { ServiceLevels } from "@platform/registry";
import type { SubgraphHealth } from "../datasource";

export type GatewayPhase = "starting" | "ready" | "stopping";

export interface HealthReport {
  /** `ready` once a supergraph is loaded and the server listens; `stopping` while draining. */
  status: GatewayPhase;
  supergraph: { hash: string; loadedAt: string } | null;
  /**
   * The subgraphs the serving supergraph routes to, at the URLs the gateway actually uses, with
   * their breaker state, error rate and latency. An open breaker does not make the gateway
   * unready: it still answers, with partial results.
   */
  subgraphs: SubgraphReport[];
  /** The HTTP server's limits (timeouts, connections) and what they did since start: aborted requests, 408s, refused connections. */
  http?: HttpServerReport;
  /** The capabilities' sections (`cache`, `rateLimit`...): what each reports about itself. */
  [section: string]: unknown;
}

/**
 * One subgraph in `/health`: where it is reached, its breaker's figures and, from the registry,
 * its `serviceLevels` (latency objective and availability target, the defaults filled in) for a
 * status page to set the figures against.
 */
export type SubgraphReport = { name: string; url: string } & SubgraphHealth & { serviceLevels?: ServiceLevels };

/**
 * The gateway's health endpoints, as a route for the shared HTTP adapter:
 * - `GET /health/live`: 200 while the process can answer at all (a liveness probe);
 * - `GET /health/ready`: 200 when ready to serve traffic, else 503 (a readiness probe); subgraph
 *   breakers do not count: taking every gateway out of a load balancer because one subgraph is
 *   down would turn partial results into a full outage;
 * - `GET /health`: the full report as JSON, with the readiness status code; it names the
 *   subgraphs' URLs and the state of every breaker, cache and limit, so `detailed` may refuse it
 *   (the operator's credential, see operator/). The probes' bodies carry only the status and are
 *   never guarded: a load balancer or an orchestrator presents no credential.
 */
export function createHealthRoute(report: () => HealthReport, detailed: (request: IncomingMessage, response: ServerResponse) => boolean = () => true): HttpRoute {
  return (request, response) => {
    const pathname = requestTarget(request).pathname;
    if (pathname !== "/health" && pathname !== "/health/live" && pathname !== "/health/ready") return false;

    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("allow", "GET, HEAD");
      sendJson(response, 405, { errors: [{ message: `${request.method} is not allowed on ${pathname}`, extensions: { code: "METHOD_NOT_ALLOWED" } }] });
      return true;
    }
    response.setHeader("cache-control", "no-store");
    if (pathname === "/health/live") {
      sendJson(response, 200, { status: "live" });
      return true;
    }
    if (pathname === "/health" && !detailed(request, response)) return true;
    const current = report();
    const statusCode = current.status === "ready" ? 200 : 503;
    sendJson(response, statusCode, pathname === "/health" ? current : { status: current.status });
    return true;
  };
}
