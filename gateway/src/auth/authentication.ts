import type { IncomingMessage } from "node:http";
import { type CallerIdentity, ERASED_ACCOUNT_MESSAGE } from "@platform/caller";
import { Channel } from "@platform/caller";
import { ErrorCode } from "@platform/errors";
import { type GraphQLInterceptor, graphqlErrorResponse } from "@platform/http";
import type { GatewayContext } from "../context";
import type { ApiKeyRecord, ApiKeyRegistry } from "./apiKeys";
import type { AuthRefusalReason, AuthRefusals } from "./authRefusals";
import type { RevokedCustomers } from "./revokedCustomers";
import { type Person, TokenRejected, type TokenVerifier } from "./tokens";

/** The header a client app sends its API key in. */
export const API_KEY_HEADER = "x-api-key";

export interface AuthenticationOptions {
  apiKeys: ApiKeyRegistry;
  tokens: TokenVerifier;
  /** Erased customers (GDPR): their tokens are refused (the revokedCustomers capability records erasures). */
  revokedCustomers?: RevokedCustomers;
  /** Which keys staff tokens are accepted with; each on its own key kind (STAFF_ON_THEIR_OWN_KEYS) by default. */
  staffKeys?: StaffKeyPolicy;
  /** Where refusals are counted by reason (metrics). */
  refusals?: AuthRefusals;
}

/**
 * Where staff may sign in. By default an associate's token is accepted only with a handheld key
 * of the associate's own store, and an admin's only with a back-office key: a token copied to a
 * web storefront or a kiosk gains nothing there. Each rule can be relaxed by a setting
 * (GATEWAY_ASSOCIATES_ON_ANY_KEY, GATEWAY_ADMINS_ON_ANY_KEY) for deployments that need it; a
 * store-bound key of another store is refused to an associate either way.
 */
export interface StaffKeyPolicy {
  associatesOnAnyKey: boolean;
  adminsOnAnyKey: boolean;
}

export const STAFF_ON_THEIR_OWN_KEYS: StaffKeyPolicy = { associatesOnAnyKey: false, adminsOnAnyKey: false };


/** Why a request is refused before anything runs: status, code and a message that says what to send. */
class Refusal {
  constructor(
    readonly reason: AuthRefusalReason,
    readonly status: 401 | 403,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * The first step of every GraphQL request: the client app's API key (401 without a valid one)
 * gives the channel and, for kiosks and handhelds, the store; a bearer token, when sent, is
 * verified and names the person (401 when it does not verify). Who the request is from is
 * recorded in the request's context for the steps after (cache keys, the headers signed for
 * subgraphs); nothing a client says about itself in other headers is believed.
 */
export function createAuthentication({ apiKeys, tokens, revokedCustomers, staffKeys = STAFF_ON_THEIR_OWN_KEYS, refusals }: AuthenticationOptions): GraphQLInterceptor<GatewayContext> {
  return async (exchange) => {
    let caller: CallerIdentity;
    try {
      const key = authenticateApp(exchange.request, apiKeys);
      caller = identify(key, await authenticatePerson(exchange.request, tokens), staffKeys);
      if (caller.customerId && (await revokedCustomers?.isRevoked(caller.customerId))) {
        throw new Refusal("erased_account", 401, ERASED_ACCOUNT_MESSAGE, { "www-authenticate": `Bearer error="invalid_token", error_description="${ERASED_ACCOUNT_MESSAGE}"` });
      }
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      refusals?.count(error.reason);
      const code = error.status === 401 ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN;
      return graphqlErrorResponse(error.status, error.message, code, error.headers);
    }
    (await exchange.context()).caller = caller;
    return exchange.execute();
  };
}

/**
 * The valid API key a request carries, undefined for none (or an unknown or revoked one): for
 * the steps before authentication answers (CORS checks the key's origins, rate limiting counts
 * per key).
 */
export function apiKeyOf(apiKeys: ApiKeyRegistry): (request: IncomingMessage) => ApiKeyRecord | undefined {
  return (request) => {
    const presented = single(request, API_KEY_HEADER);
    const check = presented ? apiKeys.check(presented) : undefined;
    return check?.ok ? check.key : undefined;
  };
}

function authenticateApp(request: IncomingMessage, apiKeys: ApiKeyRegistry): ApiKeyRecord {
  const presented = single(request, API_KEY_HEADER);
  if (!presented) throw new Refusal("missing_api_key", 401, `An API key is required: send your app's key in header ${API_KEY_HEADER}`);
  const check = apiKeys.check(presented);
  if (check.ok) return check.key;
  throw new Refusal(check.reason === "revoked" ? "revoked_api_key" : "unknown_api_key", 401, check.reason === "revoked" ? "This API key has been revoked" : "This API key is not known to the gateway");
}

async function authenticatePerson(request: IncomingMessage, tokens: TokenVerifier): Promise<Person | null> {
  const authorization = single(request, "authorization");
  if (!authorization) return null;
  const [scheme, token, ...rest] = authorization.split(" ");
  if (scheme?.toLowerCase() !== "bearer" || !token || rest.length > 0) {
    throw new Refusal("malformed_authorization", 401, 'Header authorization must be "Bearer <token>"', { "www-authenticate": 'Bearer error="invalid_request"' });
  }
  try {
    return await tokens.verify(token);
  } catch (error) {
    if (!(error instanceof TokenRejected)) throw error;
    throw new Refusal("invalid_token", 401, error.message, { "www-authenticate": `Bearer error="invalid_token", error_description="${error.message.replaceAll('"', "'")}"` });
  }
}

/** The caller: the app's channel and store, and the person, if this key may carry that person's token (StaffKeyPolicy). */
function identify(key: ApiKeyRecord, person: Person | null, staffKeys: StaffKeyPolicy): CallerIdentity {
  const caller: CallerIdentity = { channel: key.channel, storeId: key.storeId, customerId: null, associateId: null, adminId: null };
  switch (person?.role) {
    case undefined:
      return caller;
    case "customer":
      return { ...caller, customerId: person.id };
    case "admin":
      if (!key.backOffice && !staffKeys.adminsOnAnyKey) {
        throw new Refusal("admin_key_required", 403, `An admin's token is accepted only with a back-office key; this request's key is a ${key.channel} app's key`);
      }
      return { ...caller, adminId: person.id };
    case "associate":
      if (key.storeId && key.storeId !== person.storeId) {
        throw new Refusal("associate_other_store", 403, `Associate ${person.id} works at store ${person.storeId}; this device's key is bound to store ${key.storeId}`);
      }
      if (key.channel !== Channel.HANDHELD && !staffKeys.associatesOnAnyKey) {
        throw new Refusal("associate_handheld_required", 403, `An associate's token is accepted only with a handheld key of their store (${person.storeId}); this request's key is a ${key.channel} app's key`);
      }
      return { ...caller, associateId: person.id, storeId: person.storeId };
  }
}

function single(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}
