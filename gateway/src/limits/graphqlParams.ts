import type { HTTPGraphQLRequest } from "@apollo/server";

/** What the limits read of one GraphQL request before Apollo Server parses it. */
export interface RawGraphQLParams {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/**
 * The GraphQL requests an HTTP request carries: a POST's JSON body (each of a batch), a GET's
 * `query` and `extensions` parameters. Empty for anything else: Apollo Server answers that.
 */
export function readGraphQLParams(request: HTTPGraphQLRequest): RawGraphQLParams[] {
  if (request.method === "POST") {
    const bodies = Array.isArray(request.body) ? request.body : [request.body];
    return bodies.filter((body): body is RawGraphQLParams => typeof body === "object" && body !== null && !Array.isArray(body));
  }
  if (request.method !== "GET") return [];
  const search = new URLSearchParams(request.search);
  let extensions: RawGraphQLParams["extensions"];
  try {
    extensions = search.has("extensions") ? JSON.parse(search.get("extensions")!) : undefined;
  } catch {
    extensions = undefined; // Apollo Server answers malformed JSON with its own 400
  }
  return [{ query: search.get("query") ?? undefined, extensions }];
}
