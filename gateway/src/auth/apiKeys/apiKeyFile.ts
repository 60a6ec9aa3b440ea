import { createHash, randomBytes } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { Channel } from "@platform/caller";
import { isOriginPattern } from "../../cors/originPatterns";

/** One client app's key as stored: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  id: string;
  /** Who holds it: "Oxford St kiosk 3", "iOS app". */
  name: string;
  /** Hex SHA-256 of the key. Keys are 192 random bits, so a fast hash is enough (no password stretching). */
  sha256: string;
  channel: Channel;
  /** The store a kiosk or handheld key is bound to; null for web and mobile. */
  storeId: string | null;
  /**
   * A key of the back-office web app: the only keys an admin's token is accepted with (unless
   * GATEWAY_ADMINS_ON_ANY_KEY says otherwise). Only a WEB key can be one; absent means false.
   */
  backOffice: boolean;
  /**
   * The browser origins this key is accepted from besides GATEWAY_CORS_ORIGINS's (a web
   * storefront's own origins): exact origins (`https://shop.example.com`) or simple wildcards
   * (`https://*.example.com`, `http://127.0.0.1:*`). Absent means none of its own.
   */
  origins: string[];
  /**
   * How rate limits count the key's requests (see the root README, "Rate limiting"): `perKey`
   * (absent: the default) against the key, wherever they come from; `public` (a key shipped in a
   * browser page or an app, anyone's to copy) by the client's IP address, with the burst and
   * no-User-Agent rules, as requests without a key; `trustedServer` (a server-rendered
   * storefront) against the key, with the server keys' larger limit.
   */
  rateLimit: ApiKeyRateLimit;
  createdAt: string;
  revokedAt: string | null;
}

export const API_KEY_RATE_LIMITS = ["perKey", "public", "trustedServer"] as const;
export type ApiKeyRateLimit = (typeof API_KEY_RATE_LIMITS)[number];

const IN_STORE_CHANNELS: readonly Channel[] = [Channel.KIOSK, Channel.HANDHELD];

const recordSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "a hex SHA-256"),
    channel: z.enum(Object.values(Channel) as [Channel, ...Channel[]]),
    storeId: z.string().min(1).nullable(),
    backOffice: z.boolean().default(false),
    origins: z.array(z.string().refine(isOriginPattern, { message: "an origin such as https://shop.example.com, or a wildcard such as https://*.example.com or http://127.0.0.1:*" })).default([]),
    rateLimit: z.enum(API_KEY_RATE_LIMITS).default("perKey"),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .refine((key) => !IN_STORE_CHANNELS.includes(key.channel) || key.storeId !== null, { message: "a KIOSK or HANDHELD key needs its storeId" })
  .refine((key) => !key.backOffice || key.channel === Channel.WEB, { message: "a back-office key is a WEB key (the back-office is a web app)" });

const fileSchema = z.object({ keys: z.array(recordSchema) });

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** Reads and validates a key file; a bad file is an error naming the file and what is wrong. */
export function readApiKeyFile(path: string): ApiKeyRecord[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read the API key file ${path}: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid API key file ${path}:\n${z.prettifyError(parsed.error)}`);
  return parsed.data.keys;
}

/** Writes the whole file at once (a temporary file renamed over it), so a gateway never reads half of it. */
export function writeApiKeyFile(path: string, keys: readonly ApiKeyRecord[]): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

export interface NewApiKey {
  name: string;
  channel: Channel;
  storeId?: string | null;
  /** A key of the back-office app (admins sign in only through one); false by default. */
  backOffice?: boolean;
  /** Browser origins the key is accepted from (ApiKeyRecord.origins); none by default. */
  origins?: string[];
  /** How rate limits count it (ApiKeyRecord.rateLimit); `perKey` by default. */
  rateLimit?: ApiKeyRateLimit;
  /** The key itself; a random one when absent (only development fixtures choose their own). */
  key?: string;
}

/**
 * Adds a key to the file and returns it: the only time the key itself is seen, so the caller
 * must hand it over now. Running gateways pick it up without a restart.
 */
export function createApiKey(path: string, request: NewApiKey, existing: readonly ApiKeyRecord[] = readApiKeyFile(path)): { key: string; record: ApiKeyRecord } {
  const key = request.key ?? `ck_${randomBytes(24).toString("base64url")}`;
  const record: ApiKeyRecord = {
    id: `key_${randomBytes(6).toString("hex")}`,
    name: request.name,
    sha256: hashApiKey(key),
    channel: request.channel,
    storeId: request.storeId ?? null,
    backOffice: request.backOffice ?? false,
    origins: request.origins ?? [],
    rateLimit: request.rateLimit ?? "perKey",
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  const valid = recordSchema.safeParse(record);
  if (!valid.success) throw new Error(`Cannot create the key: ${z.prettifyError(valid.error)}`);
  if (existing.some((other) => other.sha256 === record.sha256)) throw new Error("Cannot create the key: the file already holds that key");
  writeApiKeyFile(path, [...existing, record]);
  return { key, record };
}

/** What `updateApiKey` may change of a key: its origins and its rate-limit class. */
export type ApiKeyChanges = Partial<Pick<ApiKeyRecord, "origins" | "rateLimit">>;

/** Changes a key's origins or rate-limit class in place (running gateways pick it up within a second); returns the new record. */
export function updateApiKey(path: string, id: string, changes: ApiKeyChanges): ApiKeyRecord {
  const keys = readApiKeyFile(path);
  const index = keys.findIndex((key) => key.id === id);
  if (index < 0) throw new Error(`No key with id ${id} in ${path}`);
  const updated = { ...keys[index]!, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
  const valid = recordSchema.safeParse(updated);
  if (!valid.success) throw new Error(`Cannot update the key: ${z.prettifyError(valid.error)}`);
  writeApiKeyFile(path, keys.map((key, i) => (i === index ? valid.data : key)));
  return valid.data;
}

/** Marks a key revoked (kept, so that its holder is told it was revoked rather than unknown). */
export function revokeApiKey(path: string, id: string): ApiKeyRecord {
  const keys = readApiKeyFile(path);
  const index = keys.findIndex((key) => key.id === id);
  if (index < 0) throw new Error(`No key with id ${id} in ${path}`);
  const revoked = { ...keys[index]!, revokedAt: keys[index]!.revokedAt ?? new Date().toISOString() };
  writeApiKeyFile(path, keys.map((key, i) => (i === index ? revoked : key)));
  return revoked;
}
