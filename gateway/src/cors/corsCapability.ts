import type { IncomingMessage } from "node:http";
import { HeaderMap } from "@apollo/server";
import { graphqlErrorResponse } from "@platform/http";
import { apiKeyOf } from "../auth";
import { apiKeysResource } from "../auth/authenticationCapability";
import type { CapabilityFactory } from "../capability";
import { type CorsGrant, CorsPolicy, writeCorsHeaders } from "./corsPolicy";

/**
 * CORS for browser apps on other origins (a storefront at https://shop.example.com calling the
 * gateway). Its interceptor runs at the `envelope` stage, so before rate limits and authentication:
 * - a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered there, 204, never a 401 or a 429 (it carries no key);
 * - a request with an `Origin` that is not the gateway's own and a valid key is refused 403
 *   FORBIDDEN when neither the deployment (GATEWAY_CORS_ORIGINS) nor that key allows the origin.
 * Its `decorate` writes the CORS headers on every answer, whatever gives it (Apollo Server, a
 * cache hit, a 401, a 429, the preflight's 204, and the HTTP adapter's own 404, 413 and 400 or a
 * route's `/health`), so the page can read it: for a preflight, the headers when the deployment
 * or any key that is not revoked allows its origin (none otherwise: the browser then blocks the
 * request); for an actual request, the grant of its valid key, or without one (no valid key, or a
 * key refused from the origin) the origin's grant with any key, so a page some key allows can
 * read the 401 or the 403. Every answer carries `Vary: Origin`.
 */
export const corsCapability: CapabilityFactory = async ({ config, shared }) => {
  const apiKeys = await shared(apiKeysResource);
  const keyOf = apiKeyOf(apiKeys);
  const policy = new CorsPolicy(config.cors);
  const anyKey = (origin: string) => policy.forAnyKey(origin, apiKeys.all());

  return {
    name: "cors",
    decorate(request, response) {
      const origin = single(request, "origin");
      const preflight = isPreflight(request);
      let grant: CorsGrant | undefined;
      if (origin && preflight) grant = anyKey(origin);
      else if (origin && !sameOrigin(request, origin)) {
        const key = keyOf(request);
        grant = (key && policy.forKey(origin, key)) || anyKey(origin);
      }
      writeCorsHeaders(request, response, origin, grant, policy.config, preflight);
    },
    intercept: {
      stage: "envelope",
      async interceptor(exchange) {
        const { request } = exchange;
        // A preflight, as the fetch standard defines it; any other OPTIONS goes on (Apollo Server refuses it). Its headers are `decorate`'s.
        if (isPreflight(request)) return { status: 204, headers: new HeaderMap([["content-length", "0"]]), body: { kind: "complete", string: "" } };
        const origin = single(request, "origin");
        if (!origin || sameOrigin(request, origin)) return exchange.execute();
        const key = keyOf(request);
        if (key && !policy.forKey(origin, key)) {
          return graphqlErrorResponse(
            403,
            `This API key ("${key.name}") is not accepted from origin ${origin}: the origin must be listed in the key's origins or in GATEWAY_CORS_ORIGINS`,
            "FORBIDDEN",
          );
        }
        // No valid key goes on to authentication (401).
        return exchange.execute();
      },
    },
  };
};

function isPreflight(request: IncomingMessage): boolean {
  return request.method === "OPTIONS" && single(request, "origin") !== undefined && single(request, "access-control-request-method") !== undefined;
}

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
