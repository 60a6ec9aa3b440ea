import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { API_KEY_HEADER, createApiKey, issueDevelopmentToken, type Person } from "../../gateway/src/auth";
import { DEVELOPMENT_API_KEYS_PATH } from "../../gateway/src/config";
import { type CallerIdentity, CallerHeader, DEVELOPMENT_SERVICE_SECRET, GATEWAY_SERVICE, signedCallerHeaders } from "@platform/caller";
import { Channel } from "@platform/caller";

/**
 * Who a test request is from, written as the caller headers the gateway signs for subgraphs
 * (channel, store, people). A test sends the same description to either side:
 * `clientCredentials` turns it into what a client app sends the gateway (an API key and a
 * token), `signedForSubgraph` into what the gateway or another subgraph sends a subgraph.
 */
export const as = {
  web: (customerId?: string) => describe(Channel.WEB, undefined, { customerId }),
  mobile: (customerId?: string) => describe(Channel.MOBILE, undefined, { customerId }),
  kiosk: (storeId: string, customerId?: string) => describe(Channel.KIOSK, storeId, { customerId }),
  associate: (storeId: string, associateId = "associate-1") => describe(Channel.HANDHELD, storeId, { associateId }),
  /** An admin, with the back-office app's key (the only kind an admin's token is accepted with). */
  admin: (adminId = "admin-1") => describe(Channel.WEB, undefined, { adminId }),
  /** Another subgraph calling, on its own behalf. */
  service: (name: string): Record<string, string> => ({ ...describe(Channel.WEB, undefined, {}), [CallerHeader.service]: name }),
};

/** The demo apps' keys committed in gateway/dev-api-keys.json (the README lists them too). */
export const DEV_API_KEYS = {
  web: "dev-web-key",
  mobile: "dev-mobile-key",
  backOffice: "dev-back-office-key",
  /** The demo storefront's key as shipped in its pages: rate-limited per address (`public`). */
  browser: "dev-browser-key",
  /** A server-rendered storefront's key: limited per key only, with the server keys' limit (`trustedServer`). */
  ssr: "dev-ssr-key",
  kiosk: { "store-london-oxford-st": "dev-kiosk-london-key", "store-manchester-arndale": "dev-kiosk-manchester-key", "store-birmingham-bullring": "dev-kiosk-birmingham-key" },
  handheld: { "store-london-oxford-st": "dev-handheld-london-key", "store-manchester-arndale": "dev-handheld-manchester-key", "store-birmingham-bullring": "dev-handheld-birmingham-key" },
} as const;

function describe(channel: Channel, storeId: string | undefined, people: { customerId?: string; associateId?: string; adminId?: string }): Record<string, string> {
  const headers: Record<string, string> = { [CallerHeader.channel]: channel };
  if (storeId) headers[CallerHeader.store] = storeId;
  if (people.customerId) headers[CallerHeader.customer] = people.customerId;
  if (people.associateId) headers[CallerHeader.associate] = people.associateId;
  if (people.adminId) headers[CallerHeader.admin] = people.adminId;
  return headers;
}

/** The caller a description names (an anonymous web caller for none). */
export function identityOf(headers: Record<string, string>): CallerIdentity {
  return {
    channel: (headers[CallerHeader.channel]?.toUpperCase() as Channel | undefined) ?? Channel.WEB,
    storeId: headers[CallerHeader.store] ?? null,
    customerId: headers[CallerHeader.customer] ?? null,
    associateId: headers[CallerHeader.associate] ?? null,
    adminId: headers[CallerHeader.admin] ?? null,
  };
}

/**
 * Headers as the gateway (or, with `as.service`, another subgraph) sends them to a subgraph:
 * the description, signed with the development secret. Headers that already carry a signature
 * (a test forging one) and headers without caller headers pass as they are.
 */
export function signedForSubgraph(headers: Record<string, string> = {}, secret = DEVELOPMENT_SERVICE_SECRET): Record<string, string> {
  if (headers[CallerHeader.signature] !== undefined) return headers;
  const { [CallerHeader.service]: service, ...rest } = headers;
  return { ...withoutCallerHeaders(rest), ...signedCallerHeaders(service ?? GATEWAY_SERVICE, identityOf(rest), secret) };
}

function withoutCallerHeaders(headers: Record<string, string>): Record<string, string> {
  const callerNames = new Set<string>(Object.values(CallerHeader));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !callerNames.has(name)));
}

/**
 * A key file of its own for a test gateway: the development keys, plus a key made on first use
 * for any channel and store a test names (tests use stores the demo keys do not cover).
 */
export class TestApiKeys {
  readonly path: string;
  private readonly dir: string;
  private readonly made = new Map<string, string>();

  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), "api-keys-"));
    this.path = path.join(this.dir, "api-keys.json");
    copyFileSync(DEVELOPMENT_API_KEYS_PATH, this.path);
  }

  keyFor(channel: Channel, storeId: string | null): string {
    if (channel === Channel.WEB) return DEV_API_KEYS.web;
    if (channel === Channel.MOBILE) return DEV_API_KEYS.mobile;
    const known = storeId ? (DEV_API_KEYS[channel === Channel.KIOSK ? "kiosk" : "handheld"] as Record<string, string>)[storeId] : undefined;
    if (known) return known;
    const name = `${channel}@${storeId}`;
    let key = this.made.get(name);
    if (!key) {
      key = createApiKey(this.path, { name: `test ${name}`, channel, storeId }).key;
      this.made.set(name, key);
    }
    return key;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * What a client app sends the gateway for the caller a description names: its app's API key
 * (`keys` makes one for stores without a demo key) and, for a person, a development token.
 * Other headers pass through.
 */
export async function clientCredentials(headers: Record<string, string> = {}, keys?: TestApiKeys): Promise<Record<string, string>> {
  if (headers[API_KEY_HEADER] !== undefined) return headers;
  const identity = identityOf(headers);
  const person: Person | null = identity.adminId
    ? { role: "admin", id: identity.adminId }
    : identity.associateId
      ? { role: "associate", id: identity.associateId, storeId: identity.storeId ?? "" }
      : identity.customerId
        ? { role: "customer", id: identity.customerId }
        : null;
  const key = identity.adminId ? DEV_API_KEYS.backOffice : keys ? keys.keyFor(identity.channel, identity.storeId) : devKeyFor(identity);
  const credentials: Record<string, string> = { ...withoutCallerHeaders(headers), [API_KEY_HEADER]: key };
  if (person) credentials.authorization = `Bearer ${await issueDevelopmentToken(person)}`;
  return credentials;
}

function devKeyFor(identity: CallerIdentity): string {
  if (identity.channel === Channel.WEB) return DEV_API_KEYS.web;
  if (identity.channel === Channel.MOBILE) return DEV_API_KEYS.mobile;
  const keys = DEV_API_KEYS[identity.channel === Channel.KIOSK ? "kiosk" : "handheld"] as Record<string, string>;
  const key = identity.storeId ? keys[identity.storeId] : undefined;
  if (!key) throw new Error(`No development key for a ${identity.channel} at ${identity.storeId}: pass a TestApiKeys`);
  return key;
}
