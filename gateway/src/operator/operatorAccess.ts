import type { IncomingMessage, ServerResponse } from "node:http";
import { admitBearer } from "@platform/http";
import type { GatewayConfig } from "../config";

/** Answers the request (401, 403) and returns false when it may not read what it asks; true when it may. */
export type OperatorAccess = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * The operators' credential for what describes the deployment rather than serving clients: the
 * detailed `/health` (subgraph URLs, breakers, cache and rate-limit state) and the status page's
 * data. With GATEWAY_OPERATOR_TOKEN set, the request must send it as a bearer token (401
 * otherwise), in every mode; unset, it is open outside production and refused (403) in
 * production, as `/metrics` is without its token. `what` names the endpoint in the messages.
 */
export function operatorAccess(config: Pick<GatewayConfig, "production" | "operatorToken">, what: string): OperatorAccess {
  const guard = {
    token: config.operatorToken,
    refuse: config.production ? `${what} is served in production only to an operator presenting GATEWAY_OPERATOR_TOKEN as a bearer token, and none is set` : undefined,
    realm: "operator",
    unauthenticated: `${what} requires the operator token (GATEWAY_OPERATOR_TOKEN) as a bearer token`,
  };
  return (request, response) => admitBearer(request, response, guard);
}
