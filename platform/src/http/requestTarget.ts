import type { IncomingMessage } from "node:http";

/** A request target split into its path and its query string (`?` included, or ""). */
export interface RequestTarget {
  pathname: string;
  search: string;
}

/**
 * The path and query of a request, without `new URL()`: every route tries its path on every
 * request, and parsing a whole URL for that was a measurable share of a cache hit. The path is
 * compared as sent (no dot-segment or percent-decoding normalisation): `/graphql` is served at
 * `/graphql` only.
 */
export function requestTarget(request: Pick<IncomingMessage, "url">): RequestTarget {
  const url = request.url ?? "/";
  const query = url.indexOf("?");
  return query === -1 ? { pathname: url, search: "" } : { pathname: url.slice(0, query), search: url.slice(query) };
}
