import type { HTTPGraphQLRequest } from "@apollo/server";
import type { ClientCaller } from "../../caller";
import { canonicalJson } from "../cacheTags";
import { documentHash, sha256 } from "../cacheKeys";

/** Where a response may be stored: shared by callers with the same channel and store, or only the caller's own. */
export interface ResponseCacheKeys {
  public: string;
  /** Only for a caller with an identity (a customer or an associate): PRIVATE responses are never stored for anonymous callers. */
  private: string | undefined;
}

interface GraphQLParams {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/**
 * The keys of a request's response: the serving supergraph's hash (a reload starts a new key
 * space, so no answer shaped by the old schema is ever served), the operation (its persisted-query hash, else the hash of its
 * text), its name and variables, and what every subgraph answer may depend on: the channel and
 * the store (prices and availability differ by both). Null for what is never cached: a batch, a
 * body that is not a GraphQL request (Apollo Server answers it with its error), variables nested
 * too deep to serialize.
 */
export function responseCacheKeys(request: HTTPGraphQLRequest, caller: ClientCaller, supergraphHash: string): ResponseCacheKeys | null {
  const params = readParams(request);
  if (!params) return null;
  const persistedHash = params.extensions?.persistedQuery?.sha256Hash;
  const document = typeof persistedHash === "string" ? persistedHash : typeof params.query === "string" ? documentHash(params.query) : null;
  if (!document) return null;
  let publicKey: string;
  try {
    // One hash over the parts; only the variables need their keys sorted.
    const shared = JSON.stringify([supergraphHash, document, params.operationName ?? null, caller.channel, caller.storeId ?? null]);
    publicKey = `resp:${sha256(shared + canonicalJson(params.variables ?? null))}`;
  } catch {
    // Variables nested deeper than JSON.stringify can recurse (a hostile `[[[[...]]]]`): not cached,
    // and Apollo Server answers the request itself (400 when the variable is declared).
    return null;
  }
  // The private key extends the public one with the identity, so it needs no second hash.
  const identity = caller.customerId ? `customer:${caller.customerId}` : caller.associateId ? `associate:${caller.associateId}` : null;
  return { public: publicKey, private: identity ? `${publicKey}:${identity}` : undefined };
}

function readParams(request: HTTPGraphQLRequest): GraphQLParams | null {
  if (request.method === "POST") {
    const body = request.body;
    return body && typeof body === "object" && !Array.isArray(body) ? (body as GraphQLParams) : null;
  }
  if (request.method !== "GET") return null;
  const search = new URLSearchParams(request.search);
  try {
    return {
      query: search.get("query") ?? undefined,
      operationName: search.get("operationName") ?? undefined,
      variables: search.has("variables") ? JSON.parse(search.get("variables")!) : undefined,
      extensions: search.has("extensions") ? JSON.parse(search.get("extensions")!) : undefined,
    };
  } catch {
    return null;
  }
}
