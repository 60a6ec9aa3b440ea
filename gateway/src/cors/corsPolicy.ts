import type { IncomingMessage } from "node:http";
import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import cors from "cors";
import type { ApiKeyRecord } from "../auth/apiKeys";
import { type OriginMatch, originMatcher } from "./originPatterns";

export interface CorsConfig {
  /** GATEWAY_CORS_ORIGINS: origins (and wildcards) allowed with every key; API keys add their own `origins`. */
  origins: readonly string[];
  /** GATEWAY_CORS_MAX_AGE_SECONDS: how long a browser may reuse a preflight's answer. */
  maxAgeSeconds: number;
}

/** Outside production: any page served from this machine (a storefront's dev server, a test page) may call the gateway. */
export const DEVELOPMENT_CORS_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"] as const;
/** Chromium caps a preflight's cache at 2 hours, Firefox at 24. */
export const DEFAULT_CORS_MAX_AGE_SECONDS = 7200;

export const CORS_ALLOWED_METHODS = ["GET", "POST", "OPTIONS"] as const;
/** What a GraphQL client sends besides the CORS-safelisted headers. */
export const CORS_ALLOWED_HEADERS = [
  "content-type",
  "x-api-key",
  "authorization",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
  "x-request-id",
] as const;
/** What a page may read of an answer besides the safelisted headers (content-type, cache-control...). */
export const CORS_EXPOSED_HEADERS = [
  "x-request-id",
  "retry-after",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-reset",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "age",
  "www-authenticate",
] as const;

/** What an origin is granted: `any` gets `Access-Control-Allow-Origin: *` without credentials, `named` its own origin echoed, with credentials. */
export type CorsGrant = OriginMatch;

/**
 * Which origins may call the gateway: the deployment's list for every key, each key's own
 * `origins` for that key. Matchers are built once per key record (a reloaded key file gives new
 * records, hence new matchers).
 */
export class CorsPolicy {
  private readonly deployment: (origin: string) => OriginMatch | undefined;
  private readonly byKey = new WeakMap<ApiKeyRecord, (origin: string) => OriginMatch | undefined>();
  private anyKey: { keys: readonly ApiKeyRecord[]; match: (origin: string) => OriginMatch | undefined } | undefined;

  constructor(readonly config: CorsConfig) {
    this.deployment = originMatcher(config.origins);
  }

  /** The grant of `origin` with `key`: the deployment's list, or the key's own origins. */
  forKey(origin: string, key: ApiKeyRecord): CorsGrant | undefined {
    let match = this.byKey.get(key);
    if (!match) {
      match = originMatcher(key.origins);
      this.byKey.set(key, match);
    }
    return strongest(this.deployment(origin), match(origin));
  }

  /**
   * The grant of `origin` before a key is known (a preflight, a request without a valid key): the
   * deployment's list, or the origins of any key that is not revoked. `keys` is the key file's
   * current list (the same array until the file changes).
   */
  forAnyKey(origin: string, keys: readonly ApiKeyRecord[]): CorsGrant | undefined {
    if (this.anyKey?.keys !== keys) {
      this.anyKey = { keys, match: originMatcher(keys.filter((key) => !key.revokedAt).flatMap((key) => key.origins)) };
    }
    return strongest(this.deployment(origin), this.anyKey.match(origin));
  }
}

function strongest(a: CorsGrant | undefined, b: CorsGrant | undefined): CorsGrant | undefined {
  return a === "named" || b === "named" ? "named" : (a ?? b);
}

/**
 * The answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`): 204, with the CORS
 * headers when the origin is granted and none otherwise (the browser then stops the request).
 */
export function preflightResponse(request: IncomingMessage, origin: string, grant: CorsGrant | undefined, config: CorsConfig): HTTPGraphQLResponse {
  const headers = new HeaderMap();
  let status = 204;
  if (grant) status = applyCors(request, headers, origin, grant, config, true) ?? status;
  appendVary(headers, "Origin");
  headers.set("content-length", "0");
  return { status, headers, body: { kind: "complete", string: "" } };
}

/** Adds the CORS headers of an actual answer (a 200, a 401, a 429, a cache hit): the grant's, or only `Vary: Origin` without one. */
export function decorate(request: IncomingMessage, response: HTTPGraphQLResponse, origin: string | undefined, grant: CorsGrant | undefined, config: CorsConfig): HTTPGraphQLResponse {
  if (origin && grant) applyCors(request, response.headers, origin, grant, config, false);
  // The answer depends on the Origin (its CORS headers, a refusal), so caches must key on it.
  appendVary(response.headers, "Origin");
  return response;
}

/**
 * Writes the headers with the `cors` package (expressjs/cors): it tells a preflight from an actual
 * request by the method (here decided by the caller: an OPTIONS that is no preflight gets an
 * actual request's headers) and writes through `setHeader`/`getHeader`, which a small view of
 * the answer's HeaderMap provides. Returns the status it set for a preflight.
 */
function applyCors(request: IncomingMessage, headers: HeaderMap, origin: string, grant: CorsGrant, config: CorsConfig, preflight: boolean): number | undefined {
  const view = { statusCode: undefined as number | undefined, getHeader: (name: string) => headers.get(name), setHeader: (name: string, value: string | number) => void headers.set(name, String(value)), end: () => undefined };
  const middleware = cors({
    // A named origin is echoed (with Vary: Origin), and may send credentials; `*` never with credentials (the fetch standard forbids it).
    origin: grant === "named" ? origin : "*",
    credentials: grant === "named",
    methods: [...CORS_ALLOWED_METHODS],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: config.maxAgeSeconds,
    preflightContinue: false,
    optionsSuccessStatus: 204,
  });
  // The middleware is synchronous with static options; `next` is what it calls for an actual request.
  const seen = { method: preflight ? "OPTIONS" : "POST", headers: request.headers };
  middleware(seen as Parameters<typeof middleware>[0], view as unknown as Parameters<typeof middleware>[1], () => undefined);
  return view.statusCode;
}

function appendVary(headers: HeaderMap, field: string): void {
  const present = (headers.get("vary") ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  if (present.includes("*") || present.some((entry) => entry.toLowerCase() === field.toLowerCase())) return;
  headers.set("vary", [...present, field].join(", "));
}
