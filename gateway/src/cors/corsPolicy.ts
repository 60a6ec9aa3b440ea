import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "cors";
import { appendVary } from "@platform/http";
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
 * Writes the CORS headers of an answer on it, before anything answers: `Vary: Origin` always
 * (the answer depends on the Origin, so caches must key on it), and, for an origin with a grant,
 * a preflight's headers (`preflight`) or an actual answer's. Written with the `cors` package
 * (expressjs/cors), which tells a preflight from an actual request by the method: here the
 * caller decides (an OPTIONS that is no preflight gets an actual answer's headers), and
 * `preflightContinue` leaves the status and the body to whatever answers.
 */
export function writeCorsHeaders(request: IncomingMessage, response: ServerResponse, origin: string | undefined, grant: CorsGrant | undefined, config: CorsConfig, preflight: boolean): void {
  appendVary(response, "Origin");
  if (!origin || !grant) return;
  const middleware = cors({
    // A named origin is echoed, and may send credentials; `*` never with credentials (the fetch standard forbids it).
    origin: grant === "named" ? origin : "*",
    credentials: grant === "named",
    methods: [...CORS_ALLOWED_METHODS],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: config.maxAgeSeconds,
    preflightContinue: true,
  });
  // The middleware is synchronous with static options; it calls `next` once the headers are set.
  const seen = { method: preflight ? "OPTIONS" : "POST", headers: request.headers };
  middleware(seen as Parameters<typeof middleware>[0], response as unknown as Parameters<typeof middleware>[1], () => undefined);
}
