import type { IncomingMessage } from "node:http";

/** The JSON media types a GraphQL client asks for (GraphQL over HTTP). */
const JSON_TYPES = new Set(["application/json", "application/graphql-response+json"]);

/**
 * Whether a request is a browser asking for a page: a GET whose `Accept` names `text/html`
 * explicitly and ranks it above every JSON type it names (by `q`, then by order, as a browser's
 * `text/html,application/xhtml+xml,...,*\/*;q=0.8` does). Wildcards count for neither, so a
 * client sending `*\/*`, no `Accept`, or `application/json, text/html` keeps getting GraphQL.
 *
 * Written by hand rather than with `negotiator` (what Apollo Server uses for its landing page):
 * that package is only a transitive dependency here, and the rule needs a dozen lines.
 */
export function prefersHtml(request: IncomingMessage): boolean {
  if (request.method !== "GET") return false;
  const ranges = parseAccept(request.headers.accept ?? "");
  const html = ranges.find((range) => range.type === "text/html");
  if (!html || html.q <= 0) return false;
  return !ranges.some((range) => JSON_TYPES.has(range.type) && (range.q > html.q || (range.q === html.q && range.order < html.order)));
}

interface MediaRange {
  type: string;
  q: number;
  order: number;
}

function parseAccept(accept: string): MediaRange[] {
  return accept.split(",").flatMap((entry, order) => {
    const [type, ...parameters] = entry.split(";").map((part) => part.trim().toLowerCase());
    if (!type) return [];
    const quality = parameters.find((parameter) => parameter.startsWith("q="));
    const q = quality === undefined ? 1 : Number(quality.slice(2));
    return Number.isFinite(q) ? [{ type, q, order }] : [];
  });
}
