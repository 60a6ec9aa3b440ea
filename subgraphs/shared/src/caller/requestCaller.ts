import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { GraphQLError } from "graphql";
import { Channel } from "../commerce/channelValues";
import { ErrorCode, forbidden } from "../errors";
import { CallerHeader } from "./callerHeaders";

/** Who made a request and from where, read once per request from its headers. */
export interface RequestCaller {
  channel: Channel;
  /** The store a kiosk or handheld stands in; null for web and mobile. */
  storeId: string | null;
  customerId: string | null;
  associateId: string | null;
  /** The calling subgraph, when the request carries a valid service token; null otherwise. */
  service: string | null;
}

/** Channels whose devices stand in a store, and so must say which. */
const IN_STORE_CHANNELS: ReadonlySet<Channel> = new Set([Channel.KIOSK, Channel.HANDHELD]);

const CHANNELS = new Set<string>(Object.values(Channel));

/**
 * Reads and validates the caller headers. A missing channel is WEB; an unknown channel, or a
 * kiosk or handheld that does not name its store, is BAD_USER_INPUT (HTTP 400). A service name
 * with a token that does not verify is FORBIDDEN: a forged service identity is never ignored.
 */
export function readRequestCaller(headers: IncomingHttpHeaders, serviceSecret: string): RequestCaller {
  const channelHeader = single(headers, CallerHeader.channel)?.toUpperCase();
  if (channelHeader !== undefined && !CHANNELS.has(channelHeader)) {
    throw callerError(
      `Header ${CallerHeader.channel} must be one of ${[...CHANNELS].join(", ")}; got "${channelHeader}"`,
      ErrorCode.BAD_USER_INPUT,
      400,
    );
  }
  const channel = (channelHeader as Channel | undefined) ?? Channel.WEB;
  const storeId = single(headers, CallerHeader.store) ?? null;
  if (IN_STORE_CHANNELS.has(channel) && !storeId) {
    throw callerError(`A ${channel} request must name its store in header ${CallerHeader.store}`, ErrorCode.BAD_USER_INPUT, 400);
  }

  const serviceName = single(headers, CallerHeader.service);
  let service: string | null = null;
  if (serviceName !== undefined) {
    const token = single(headers, CallerHeader.serviceToken) ?? "";
    if (!tokenMatches(token, serviceToken(serviceName, serviceSecret))) {
      throw callerError(`The service token for "${serviceName}" does not verify`, ErrorCode.FORBIDDEN, 403);
    }
    service = serviceName;
  }

  return {
    channel,
    storeId,
    customerId: single(headers, CallerHeader.customer) ?? null,
    associateId: single(headers, CallerHeader.associate) ?? null,
    service,
  };
}

/** The token a service presents: an HMAC of its name, so the deployment's secret never travels. */
export function serviceToken(service: string, secret: string): string {
  return createHmac("sha256", secret).update(service).digest("hex");
}

/** The headers with which `service` identifies itself to another subgraph. */
export function serviceHeaders(service: string, secret: string): Record<string, string> {
  return { [CallerHeader.service]: service, [CallerHeader.serviceToken]: serviceToken(service, secret) };
}

/** The caller headers that describe `caller` to a subgraph (channel, store, people); never the service pair. */
export function callerHeaders(caller: Pick<RequestCaller, "channel" | "storeId" | "customerId" | "associateId">): Record<string, string> {
  const headers: Record<string, string> = { [CallerHeader.channel]: caller.channel };
  if (caller.storeId) headers[CallerHeader.store] = caller.storeId;
  if (caller.customerId) headers[CallerHeader.customer] = caller.customerId;
  if (caller.associateId) headers[CallerHeader.associate] = caller.associateId;
  return headers;
}

/** Only another subgraph, proving itself with a service token, may do this. */
export function requireService(caller: RequestCaller, action: string, allowed?: readonly string[]): string {
  if (!caller.service) throw forbidden(`${action} is an internal operation: it needs a service identity (headers ${CallerHeader.service} and ${CallerHeader.serviceToken})`);
  if (allowed && !allowed.includes(caller.service)) {
    throw forbidden(`${action} is not open to the ${caller.service} service (allowed: ${allowed.join(", ")})`);
  }
  return caller.service;
}

/** Store work: needs an associate, and that associate's store. */
export function requireAssociate(caller: RequestCaller, action: string): { associateId: string; storeId: string | null } {
  if (!caller.associateId) throw forbidden(`${action} needs a store associate (header ${CallerHeader.associate})`);
  return { associateId: caller.associateId, storeId: caller.storeId };
}

export function requireCustomer(caller: RequestCaller, action: string): string {
  if (!caller.customerId) throw forbidden(`${action} needs a signed-in customer (header ${CallerHeader.customer})`);
  return caller.customerId;
}

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function callerError(message: string, code: ErrorCode, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * The service secret of a development machine, used when SERVICE_SECRET is not set outside
 * production, so that `npm start` needs no configuration. Production refuses to start without one.
 */
export const DEVELOPMENT_SERVICE_SECRET = "development-only-service-secret-do-not-deploy";
