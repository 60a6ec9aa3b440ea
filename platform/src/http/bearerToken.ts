import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./graphqlHttpServer";

/** Whether the request sends `Authorization: Bearer <token>` with exactly this token (compared in constant time). */
export function presentsBearerToken(request: IncomingMessage, token: string): boolean {
  const [scheme, presented, ...rest] = (request.headers.authorization ?? "").trim().split(/\s+/);
  if (scheme?.toLowerCase() !== "bearer" || !presented || rest.length > 0) return false;
  const [a, b] = [Buffer.from(presented), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface BearerGuard {
  /** When set, the request must send it as a bearer token: 401 (with `WWW-Authenticate: Bearer realm=...`) otherwise. */
  token?: string;
  /** When set (and no token), every request is answered 403 with this message: the endpoint is closed. */
  refuse?: string;
  /** The realm named in `WWW-Authenticate`. */
  realm: string;
  /** The 401's message, e.g. "/metrics requires the metrics token as a bearer token". */
  unauthenticated: string;
}

/**
 * The one bearer-token check of the operational endpoints (`/metrics`, the detailed `/health`,
 * the status page's data): true when the request may go on; otherwise it has been answered,
 * 401 `UNAUTHENTICATED` (wrong or missing token) or 403 `FORBIDDEN` (`refuse`: no token is
 * configured where one is required). Neither token nor refusal: open.
 */
export function admitBearer(request: IncomingMessage, response: ServerResponse, guard: BearerGuard): boolean {
  if (guard.token !== undefined) {
    if (presentsBearerToken(request, guard.token)) return true;
    response.setHeader("www-authenticate", `Bearer realm="${guard.realm}"`);
    sendJson(response, 401, { errors: [{ message: guard.unauthenticated, extensions: { code: "UNAUTHENTICATED" } }] });
    return false;
  }
  if (guard.refuse !== undefined) {
    sendJson(response, 403, { errors: [{ message: guard.refuse, extensions: { code: "FORBIDDEN" } }] });
    return false;
  }
  return true;
}
