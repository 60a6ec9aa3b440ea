import { createHash, randomBytes } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { Channel } from "@platform/caller";

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
  createdAt: string;
  revokedAt: string | null;
}

const IN_STORE_CHANNELS: readonly Channel[] = [Channel.KIOSK, Channel.HANDHELD];

const recordSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "a hex SHA-256"),
    channel: z.enum(Object.values(Channel) as [Channel, ...Channel[]]),
    storeId: z.string().min(1).nullable(),
    backOffice: z.boolean().default(false),
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
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  const valid = recordSchema.safeParse(record);
  if (!valid.success) throw new Error(`Cannot create the key: ${z.prettifyError(valid.error)}`);
  if (existing.some((other) => other.sha256 === record.sha256)) throw new Error("Cannot create the key: the file already holds that key");
  writeApiKeyFile(path, [...existing, record]);
  return { key, record };
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
