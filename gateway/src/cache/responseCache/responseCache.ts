import { HeaderMap, type HTTPGraphQLResponse } from "@apollo/server";
import type { GraphQLExchange, GraphQLInterceptor } from "@platform/http";
import type { Logger } from "@platform/logging";
import { ContextPart, executedSupergraph, type GatewayContext } from "../../context";
import type { CacheMetrics } from "../cacheMetrics";
import { cacheRecord } from "../requestCache";
import type { CacheStore } from "../store";
import type { SupergraphVersion } from "../../supergraph";
import { cacheControlHeader, readCachePolicy, type ResponseCachePolicy } from "./cachePolicy";
import { responseCacheKeys } from "./responseCacheKeys";
import { decodeStoredResponse, encodeStoredResponse, type StoredResponse } from "./storedResponse";

/** The request headers a cached response differs by (the app's key and the person's token), for HTTP caches downstream. */
const VARY = "x-api-key, authorization";

/** What the response cache did for a request: answered it (`hit`), looked and executed (`miss`), or neither (`none`: a mutation, an anonymous caller, the cache off). */
export type ResponseCacheOutcome = "hit" | "miss" | "none";

/** The response cache's outcome for the request, in its context (read by the request log). */
export const responseCacheOutcome = new ContextPart<ResponseCacheOutcome>("responseCacheOutcome", () => "none");

export interface ResponseCacheOptions {
  store: CacheStore;
  metrics: CacheMetrics;
  logger: Logger;
  /** The serving supergraph, whose hash is part of every key. */
  supergraph: SupergraphVersion;
}

/**
 * Whole-response caching in front of Apollo Server, driven by the subgraphs' cache hints:
 *
 * - every key carries the serving supergraph's hash: after a reload the old entries are never
 *   read again (they expire by their TTL), and a response is stored only under the hash of the
 *   schema Apollo Server actually executed it with (a reload may land while it runs);
 * - a hit is answered from the store without parsing, planning or calling a subgraph, with
 *   `cache-control` (what is left of max-age) and `age`;
 * - after execution, a response is stored when it is a query's, HTTP 200, without errors, and
 *   Apollo's overall policy (from every subgraph fetch's `cache-control`) allows it: PUBLIC under
 *   a key shared by callers on the same channel and store, PRIVATE under the caller's identity
 *   (never for an anonymous caller), tagged with every entity and root fetch that filled it;
 * - a mutation's response is sent only after the tags its subgraphs reported changed are
 *   invalidated, so the next read, through any gateway sharing the store, sees the change.
 */
export function createResponseCache({ store, metrics, logger, supergraph }: ResponseCacheOptions): GraphQLInterceptor<GatewayContext> {
  return async (exchange) => {
    const context = await exchange.context();
    const { caller } = context;
    if (!caller) return exchange.execute(); // unauthenticated requests never get this far; nothing to key on
    const servingHash = supergraph.hash;
    const keys = servingHash ? responseCacheKeys(exchange.graphql, caller, servingHash) : null;
    if (!keys) return settle(exchange, await exchange.execute());

    const lookup = await store.lookup(keys.private ? [keys.private, keys.public] : [keys.public]);
    if (lookup.hit) {
      const stored = decodeStoredResponse(lookup.value);
      if (stored) {
        metrics.count("response", "hits");
        responseCacheOutcome.set(context, "hit");
        return hitResponse(stored);
      }
    }
    metrics.count("response", "misses");
    responseCacheOutcome.set(context, "miss");

    const response = await settle(exchange, await exchange.execute());
    const record = cacheRecord.of(context);
    const policy = storablePolicy(response, record.mutated);
    const key = policy?.scope === "PRIVATE" ? keys.private : keys.public;
    if (policy && key && !lookup.hit && executedSupergraph.of(context) === servingHash) {
      const entry = encodeStoredResponse({ body: (response.body as { string: string }).string, storedAt: Date.now(), policy });
      if (await store.set(key, entry, policy.maxAge, [...record.tags], lookup.sequence)) {
        metrics.count("response", "stores");
      }
      response.headers.set("vary", VARY);
    }
    return response;
  };

  /** Invalidates what the request's mutations changed before its response leaves. */
  async function settle(exchange: GraphQLExchange<GatewayContext>, response: HTTPGraphQLResponse): Promise<HTTPGraphQLResponse> {
    const changed = cacheRecord.of(await exchange.context()).invalidations;
    if (changed.size > 0) {
      const dropped = await store.invalidate([...changed]);
      metrics.count("response", "invalidations");
      metrics.count("response", "invalidated", dropped);
      logger.debug({ tags: [...changed], dropped }, "invalidated cached responses");
    }
    return response;
  }
}

function storablePolicy(response: HTTPGraphQLResponse, mutated: boolean): ResponseCachePolicy | null {
  if (mutated || (response.status ?? 200) !== 200 || response.body.kind !== "complete") return null;
  const policy = readCachePolicy(response.headers.get("cache-control"));
  if (!policy) return null;
  // Partial results (a subgraph down) and errors are never stored: the next request should try again.
  const parsed = JSON.parse(response.body.string) as { errors?: unknown[] };
  return parsed.errors?.length ? null : policy;
}

function hitResponse(stored: StoredResponse): HTTPGraphQLResponse {
  const age = Math.max(0, Math.floor((Date.now() - stored.storedAt) / 1000));
  const headers = new HeaderMap([
    ["content-type", "application/json; charset=utf-8"],
    ["cache-control", cacheControlHeader(stored.policy, age)],
    ["age", String(age)],
    ["vary", VARY],
  ]);
  return { status: 200, headers, body: { kind: "complete", string: stored.body } };
}

