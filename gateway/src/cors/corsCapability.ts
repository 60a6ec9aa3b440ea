import type { IncomingMessage } from "node:http";
import { graphqlErrorResponse } from "@platform/http";
import { apiKeyOf } from "../auth";
import { apiKeysResource } from "../auth/authenticationCapability";
import type { CapabilityFactory } from "../capability";
import { CorsPolicy, decorate, preflightResponse } from "./corsPolicy";

/**
 * CORS for browser apps on other origins (a storefront at https://shop.example.com calling the
 * gateway), at the `envelope` stage, so before rate limits and authentication:
 * - a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered here, 204, never a 401 or a 429 (it carries no key): with
 *   the CORS headers when the deployment (GATEWAY_CORS_ORIGINS) or any key that is not revoked
 *   allows its origin, with none otherwise (the browser then blocks the request);
 * - a request with an `Origin` that is not the gateway's own and a valid key is refused 403
 *   FORBIDDEN when neither the deployment nor that key allows the origin;
 * - every other answer to an allowed origin carries the CORS headers, whatever gave it (Apollo
 *   Server, a cache hit, a 401, a 429), so the page can read it; every answer carries `Vary: Origin`.
 */
export const corsCapability: CapabilityFactory = async ({ config, shared }) => {
  const apiKeys = await shared(apiKeysResource);
  const keyOf = apiKeyOf(apiKeys);
  const policy = new CorsPolicy(config.cors);
  return {
    name: "cors",
    intercept: {
      stage: "envelope",
      async interceptor(exchange) {
        const { request } = exchange;
        const origin = single(request, "origin");
        // A preflight, as the fetch standard defines it; any other OPTIONS goes on (Apollo Server answers 405).
        if (request.method === "OPTIONS" && origin && single(request, "access-control-request-method")) {
          return preflightResponse(request, origin, policy.forAnyKey(origin, apiKeys.all()), policy.config);
        }
        if (!origin || sameOrigin(request, origin)) return decorate(request, await exchange.execute(), undefined, undefined, policy.config);
        const key = keyOf(request);
        const known = policy.forAnyKey(origin, apiKeys.all());
        if (key) {
          const grant = policy.forKey(origin, key);
          if (!grant) {
            const refusal = graphqlErrorResponse(
              403,
              `This API key ("${key.name}") is not accepted from origin ${origin}: the origin must be listed in the key's origins or in GATEWAY_CORS_ORIGINS`,
              "FORBIDDEN",
            );
            // Readable by the page when some key allows its origin, so its developer sees why.
            return decorate(request, refusal, origin, known, policy.config);
          }
          return decorate(request, await exchange.execute(), origin, grant, policy.config);
        }
        // No valid key: authentication answers 401, readable by a page of an origin some key allows.
        return decorate(request, await exchange.execute(), origin, known, policy.config);
      },
    },
  };
};

/** A browser sends `Origin` on same-origin POSTs too (a page the gateway serves itself): those are not cross-origin. */
function sameOrigin(request: IncomingMessage, origin: string): boolean {
  try {
    return new URL(origin).host === request.headers.host?.toLowerCase();
  } catch {
    return false;
  }
}

function single(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}
