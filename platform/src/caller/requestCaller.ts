import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { GraphQLError } from "graphql";
import { Channel } from "./channelValues";
import { ErrorCode, forbidden } from "../errors";
import { CallerHeader, GATEWAY_SERVICE } from "./callerHeaders";

/** Who a request acts for: the client's channel and store, and the people signed in on it. */
export interface CallerIdentity {
  channel: Channel;
  /** The store a kiosk or handheld stands in, or an associate's store; null for web and mobile. */
  storeId: string | null;
  customerId: string | null;
  associateId: string | null;
  adminId: string | null;
}

/** A verified request: who it acts for, and which subgraph sent it (null when the gateway relays a client). */
export interface RequestCaller extends CallerIdentity {
  service: string | null;
}

/** How long signed headers stay good: covers clock skew between hosts and a slow hop, not replays days later. */
export const SIGNATURE_LIFETIME_SECONDS = 300;

/** Channels whose devices stand in a store, and so must say which. */
const IN_STORE_CHANNELS: ReadonlySet<Channel> = new Set([Channel.KIOSK, Channel.HANDHELD]);

const CHANNELS = new Set<string>(Object.values(Channel));

export const ANONYMOUS_WEB: CallerIdentity = Object.freeze({ channel: Channel.WEB, storeId: null, customerId: null, associateId: null, adminId: null });

/**
 * Reads and verifies the caller headers of a request to a subgraph. Only the gateway and the
 * subgraphs sign them, so a request without a signature that verifies under the deployment's
 * secret (within SIGNATURE_LIFETIME_SECONDS) is UNAUTHENTICATED (HTTP 401) and nothing in it is
 * believed. An unknown channel, or a kiosk or handheld that does not name its store, is
 * BAD_USER_INPUT (HTTP 400).
 */
export function readRequestCaller(headers: IncomingHttpHeaders, serviceSecret: string, nowMs = Date.now()): RequestCaller {
  const service = single(headers, CallerHeader.service);
  const signature = single(headers, CallerHeader.signature);
  const signedAt = Number(single(headers, CallerHeader.signedAt));
  if (service === undefined || signature === undefined) {
    throw unauthenticated(
      `This subgraph answers only the gateway and other subgraphs: the request is not signed (headers ${CallerHeader.service}, ${CallerHeader.signedAt}, ${CallerHeader.signature})`,
    );
  }
  if (!Number.isInteger(signedAt) || Math.abs(nowMs / 1000 - signedAt) > SIGNATURE_LIFETIME_SECONDS) {
    throw unauthenticated(`The request's signature is expired or undated (header ${CallerHeader.signedAt}): sign every request when it is sent`);
  }

  const channelHeader = single(headers, CallerHeader.channel);
  const identity: Record<keyof CallerIdentity, string | null> = {
    channel: channelHeader ?? null,
    storeId: single(headers, CallerHeader.store) ?? null,
    customerId: single(headers, CallerHeader.customer) ?? null,
    associateId: single(headers, CallerHeader.associate) ?? null,
    adminId: single(headers, CallerHeader.admin) ?? null,
  };
  if (!verified(signature, service, signedAt, identity, serviceSecret)) {
    throw unauthenticated(`The signature of service "${service}" does not verify: it was not signed with this deployment's SERVICE_SECRET`);
  }

  const channel = channelHeader?.toUpperCase() ?? Channel.WEB;
  if (!CHANNELS.has(channel)) {
    throw callerError(`Header ${CallerHeader.channel} must be one of ${[...CHANNELS].join(", ")}; got "${channelHeader}"`, ErrorCode.BAD_USER_INPUT, 400);
  }
  if (IN_STORE_CHANNELS.has(channel as Channel) && !identity.storeId) {
    throw callerError(`A ${channel} request must name its store in header ${CallerHeader.store}`, ErrorCode.BAD_USER_INPUT, 400);
  }
  return {
    channel: channel as Channel,
    storeId: identity.storeId,
    customerId: identity.customerId,
    associateId: identity.associateId,
    adminId: identity.adminId,
    service: service === GATEWAY_SERVICE ? null : service,
  };
}

/**
 * The headers with which `service` calls a subgraph on behalf of `identity` (the gateway for a
 * client; a subgraph for itself, with the client it acts for when there is one), signed.
 */
export function signedCallerHeaders(service: string, identity: CallerIdentity, secret: string, nowMs = Date.now()): Record<string, string> {
  const signedAt = Math.floor(nowMs / 1000);
  const headers: Record<string, string> = {
    [CallerHeader.channel]: identity.channel,
    [CallerHeader.service]: service,
    [CallerHeader.signedAt]: String(signedAt),
    [CallerHeader.signature]: sign(service, signedAt, identity, secret),
  };
  if (identity.storeId) headers[CallerHeader.store] = identity.storeId;
  if (identity.customerId) headers[CallerHeader.customer] = identity.customerId;
  if (identity.associateId) headers[CallerHeader.associate] = identity.associateId;
  if (identity.adminId) headers[CallerHeader.admin] = identity.adminId;
  return headers;
}

/** The identity part of a caller, as another subgraph should see the client this one acts for. */
export function callerIdentity(caller: CallerIdentity): CallerIdentity {
  const { channel, storeId, customerId, associateId, adminId } = caller;
  return { channel, storeId, customerId, associateId, adminId };
}

/** Only another subgraph, proving itself with a signature, may do this (never a client through the gateway). */
export function requireService(caller: RequestCaller, action: string, allowed?: readonly string[]): string {
  if (!caller.service) throw forbidden(`${action} is an internal operation: only another subgraph may call it`);
  if (allowed && !allowed.includes(caller.service)) {
    throw forbidden(`${action} is not open to the ${caller.service} service (allowed: ${allowed.join(", ")})`);
  }
  return caller.service;
}

/** Store work: needs a signed-in store associate. */
export function requireAssociate(caller: RequestCaller, action: string): { associateId: string; storeId: string | null } {
  if (!caller.associateId) throw forbidden(`${action} needs a signed-in store associate`);
  return { associateId: caller.associateId, storeId: caller.storeId };
}

/** Needs a signed-in customer; returns their id. */
export function requireCustomer(caller: RequestCaller, action: string): string {
  if (!caller.customerId) throw forbidden(`${action} needs a signed-in customer`);
  return caller.customerId;
}

/** Needs a signed-in admin; returns their id. */
export function requireAdmin(caller: RequestCaller, action: string): string {
  if (!caller.adminId) throw forbidden(`${action} needs a signed-in admin`);
  return caller.adminId;
}

/**
 * A customer's own data: that customer, an admin acting for them, or a subgraph (whose own
 * rules already decided). Anyone else is FORBIDDEN, never a silent null.
 */
export function requireSelfOrAdmin(caller: RequestCaller, customerId: string, action: string): void {
  if (caller.service || caller.adminId || caller.customerId === customerId) return;
  if (caller.customerId) throw forbidden(`${action}: this belongs to another customer`);
  throw forbidden(`${action} needs the customer it belongs to, signed in, or an admin`);
}

/**
 * Work in one store: an associate signed in to that store, or an admin. The associate's store
 * is the one their token names (the gateway refuses a handheld of another store).
 */
export function requireAssociateOf(caller: RequestCaller, storeId: string, action: string): string {
  if (caller.adminId) return `admin:${caller.adminId}`;
  const associate = requireAssociate(caller, action);
  if (associate.storeId !== storeId) {
    throw forbidden(`${action} at ${storeId} needs an associate of that store; this associate works at ${associate.storeId ?? "no store"}`);
  }
  return associate.associateId;
}

function sign(service: string, signedAt: number, identity: Record<keyof CallerIdentity, string | null>, secret: string): string {
  return createHmac("sha256", secret).update(signedFields(service, signedAt, identity)).digest("hex");
}

function signedFields(service: string, signedAt: number, identity: Record<keyof CallerIdentity, string | null>): string {
  return ["v1", service, String(signedAt), identity.channel ?? "", identity.storeId ?? "", identity.customerId ?? "", identity.associateId ?? "", identity.adminId ?? ""].join("\n");
}

/**
 * Signatures this process has verified, per secret: signature to the exact fields it signed. The
 * gateway signs once a second per caller, so most requests carry a signature already verified;
 * the same signature over the same fields verifies the same way, and the expiry is checked on
 * every request before this. Cleared whole when full (an entry is worth a few seconds anyway).
 */
const verifiedSignatures = new Map<string, Map<string, string>>();
const MAX_VERIFIED_SIGNATURES = 10_000;

function verified(signature: string, service: string, signedAt: number, identity: Record<keyof CallerIdentity, string | null>, secret: string): boolean {
  const fields = signedFields(service, signedAt, identity);
  let known = verifiedSignatures.get(secret);
  if (known?.get(signature) === fields) return true;
  if (!signatureMatches(signature, createHmac("sha256", secret).update(fields).digest("hex"))) return false;
  if (!known) verifiedSignatures.set(secret, (known = new Map()));
  if (known.size >= MAX_VERIFIED_SIGNATURES) known.clear();
  known.set(signature, fields);
  return true;
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

function signatureMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function unauthenticated(message: string): GraphQLError {
  return callerError(message, ErrorCode.UNAUTHENTICATED, 401);
}

function callerError(message: string, code: ErrorCode, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * The service secret of a development machine, used when SERVICE_SECRET is not set outside
 * production, so that `npm start` needs no configuration. Production refuses to start without one.
 */
export const DEVELOPMENT_SERVICE_SECRET = "development-only-service-secret-do-not-deploy";
