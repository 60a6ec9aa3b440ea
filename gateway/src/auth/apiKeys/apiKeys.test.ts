import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger } from "@platform/logging";
import { Channel } from "@platform/caller";
import { createApiKey, hashApiKey, readApiKeyFile, revokeApiKey, updateApiKey, writeApiKeyFile } from "./apiKeyFile";
import { ApiKeyRegistry } from "./apiKeyRegistry";

const logger = createLogger("api-keys-test", "silent");
let dir: string;
let file: string;
const registries: ApiKeyRegistry[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "api-keys-test-"));
  file = path.join(dir, "keys.json");
  writeApiKeyFile(file, []);
});

afterEach(() => {
  for (const registry of registries.splice(0)) registry.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): ApiKeyRegistry {
  const registry = ApiKeyRegistry.open(file, logger);
  registries.push(registry);
  return registry;
}

/** A change to the file the registry notices even when it lands within the same millisecond. */
function touch(): void {
  const later = new Date(Date.now() + 5000);
  utimesSync(file, later, later);
}

describe("the key file", () => {
  it("stores a new key's SHA-256, never the key, and hands the key over once", () => {
    const { key, record } = createApiKey(file, { name: "Oxford St kiosk", channel: Channel.KIOSK, storeId: "store-1" });
    expect(key).toMatch(/^ck_[\w-]{32}$/);
    const [stored] = readApiKeyFile(file);
    expect(stored).toEqual(record);
    expect(stored!.sha256).toBe(hashApiKey(key));
    expect(JSON.stringify(readApiKeyFile(file))).not.toContain(key);
  });

  it("refuses a kiosk or handheld key without its store, and a key already held", () => {
    expect(() => createApiKey(file, { name: "kiosk", channel: Channel.KIOSK })).toThrow(/KIOSK or HANDHELD key needs its storeId/);
    createApiKey(file, { name: "web", channel: Channel.WEB, key: "same-key" });
    expect(() => createApiKey(file, { name: "web again", channel: Channel.WEB, key: "same-key" })).toThrow(/already holds that key/);
  });

  it("marks back-office keys, only on WEB keys; a record written before the mark reads as not back-office", () => {
    expect(createApiKey(file, { name: "back-office", channel: Channel.WEB, backOffice: true }).record.backOffice).toBe(true);
    expect(createApiKey(file, { name: "storefront", channel: Channel.WEB }).record.backOffice).toBe(false);
    expect(() => createApiKey(file, { name: "kiosk", channel: Channel.KIOSK, storeId: "store-1", backOffice: true })).toThrow(/back-office key is a WEB key/);
    const { backOffice: _dropped, ...older } = createApiKey(file, { name: "older", channel: Channel.MOBILE }).record;
    writeFileSync(file, JSON.stringify({ keys: [older] }));
    expect(readApiKeyFile(file)).toEqual([{ ...older, backOffice: false }]);
  });

  it("keeps a key's origins and rate-limit class; a record written before them reads as no origins, counted per key", () => {
    const { record } = createApiKey(file, { name: "storefront", channel: Channel.WEB, origins: ["https://shop.example.com", "https://*.shop.example.com"], rateLimit: "public" });
    expect(readApiKeyFile(file)[0]).toMatchObject({ origins: ["https://shop.example.com", "https://*.shop.example.com"], rateLimit: "public" });
    expect(() => createApiKey(file, { name: "bad", channel: Channel.WEB, origins: ["shop.example.com"] })).toThrow(/an origin such as https:\/\/shop.example.com[\s\S]*at origins\[0\]/);
    const { origins: _origins, rateLimit: _rateLimit, ...older } = record;
    writeFileSync(file, JSON.stringify({ keys: [older] }));
    expect(readApiKeyFile(file)).toEqual([{ ...older, origins: [], rateLimit: "perKey" }]);
  });

  it("updates a key's origins and rate-limit class, validated, leaving the rest", () => {
    const { record } = createApiKey(file, { name: "ssr", channel: Channel.WEB });
    expect(updateApiKey(file, record.id, { rateLimit: "trustedServer" })).toEqual({ ...record, rateLimit: "trustedServer" });
    expect(updateApiKey(file, record.id, { origins: ["http://127.0.0.1:*"] })).toEqual({ ...record, rateLimit: "trustedServer", origins: ["http://127.0.0.1:*"] });
    expect(() => updateApiKey(file, record.id, { origins: ["https://*.com"] })).toThrow(/Cannot update the key/);
    expect(() => updateApiKey(file, "key_nope", {})).toThrow(/No key with id key_nope/);
    expect(readApiKeyFile(file)).toEqual([{ ...record, rateLimit: "trustedServer", origins: ["http://127.0.0.1:*"] }]);
  });

  it("revokes by id, keeping the record, and names an unknown id", () => {
    const { record } = createApiKey(file, { name: "web", channel: Channel.WEB });
    expect(revokeApiKey(file, record.id).revokedAt).not.toBeNull();
    expect(readApiKeyFile(file)).toHaveLength(1);
    expect(() => revokeApiKey(file, "key_nope")).toThrow(/No key with id key_nope/);
  });

  it("names the file and the problem when it is not a key file", () => {
    writeFileSync(file, JSON.stringify({ keys: [{ id: "k", name: "x", sha256: "nope", channel: "FAX" }] }));
    expect(() => readApiKeyFile(file)).toThrow(new RegExp(`Invalid API key file ${file}[\\s\\S]*sha256[\\s\\S]*channel`));
    writeFileSync(file, "{");
    expect(() => readApiKeyFile(file)).toThrow(/Cannot read the API key file/);
  });
});

describe("ApiKeyRegistry", () => {
  it("accepts a known key with its channel and store, tells unknown from revoked, and notices a revocation within seconds", async () => {
    const { key, record } = createApiKey(file, { name: "handheld", channel: Channel.HANDHELD, storeId: "store-2" });
    const registry = open();
    expect(registry.check(key)).toEqual({ ok: true, key: record });
    expect(registry.check("ck_unknown")).toEqual({ ok: false, reason: "unknown" });
    revokeApiKey(file, record.id);
    touch();
    // A known key is not looked up again: the file is polled, once a second (up to 30 s allowed: a loaded CI machine polls late).
    let check = registry.check(key);
    for (let attempt = 0; attempt < 300 && check.ok; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      check = registry.check(key);
    }
    expect(check).toEqual({ ok: false, reason: "revoked" });
  });

  it("accepts a key created after it started, on first use, without a restart", () => {
    const registry = open();
    expect(registry.size).toBe(0);
    const { key } = createApiKey(file, { name: "web", channel: Channel.WEB });
    touch();
    expect(registry.check(key).ok).toBe(true);
  });

  it("keeps the last good keys when the file turns invalid", () => {
    const { key } = createApiKey(file, { name: "web", channel: Channel.WEB });
    const registry = open();
    writeFileSync(file, "not json");
    touch();
    expect(registry.check("ck_other").ok).toBe(false);
    expect(registry.check(key).ok).toBe(true);
  });

  it("starts without a file, refusing everything, and picks the file up once it exists", () => {
    rmSync(file);
    const registry = open();
    expect(registry.check("anything")).toEqual({ ok: false, reason: "unknown" });
    writeApiKeyFile(file, []);
    const { key } = createApiKey(file, { name: "web", channel: Channel.WEB });
    expect(registry.check(key).ok).toBe(true);
  });

  it("refuses to open an invalid file", () => {
    writeFileSync(file, "{}");
    expect(() => ApiKeyRegistry.open(file, logger)).toThrow(/Invalid API key file/);
  });
});
