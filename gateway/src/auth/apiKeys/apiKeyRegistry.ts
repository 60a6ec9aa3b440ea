import { statSync, unwatchFile, watchFile } from "node:fs";
import type { Logger } from "@platform/logging";
import { type ApiKeyRecord, hashApiKey, readApiKeyFile } from "./apiKeyFile";

export type ApiKeyCheck = { ok: true; key: ApiKeyRecord } | { ok: false; reason: "unknown" | "revoked" };

/** How often the file is polled for changes (revocations); a new key is found on first use. */
const POLL_INTERVAL_MS = 1000;

/**
 * The client keys a gateway accepts, from the key file, kept in step with it while running:
 * a key added to the file is accepted on first use (an unknown key makes the registry look at
 * the file again when it changed), a revoked one is refused within POLL_INTERVAL_MS. A file
 * that becomes unreadable or invalid keeps the last good keys, with an error logged.
 */
export class ApiKeyRegistry {
  private byHash = new Map<string, ApiKeyRecord>();
  /**
   * Keys as presented, once found: a known key is hashed once per load of the file, not once per
   * request. Only keys of the file get here, so it holds at most as many entries as the file.
   */
  private byPresentedKey = new Map<string, ApiKeyCheck & { ok: true }>();
  private records: readonly ApiKeyRecord[] = [];
  private version = "";

  private constructor(
    readonly path: string,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads the file and watches it. An invalid file is an error (the gateway should not start);
   * a missing one is no keys yet: every request is refused until keys are created.
   */
  static open(path: string, logger: Logger): ApiKeyRegistry {
    const registry = new ApiKeyRegistry(path, logger);
    const version = fileVersion(path);
    if (version === "missing") {
      logger.warn({ path }, "no API key file yet: every request is refused (401) until keys are created with `npm run api-keys -- create`");
      registry.load([], version);
    } else {
      registry.load(readApiKeyFile(path), version);
    }
    watchFile(path, { interval: POLL_INTERVAL_MS, persistent: false }, () => registry.reloadIfChanged());
    return registry;
  }

  check(key: string): ApiKeyCheck {
    const known = this.byPresentedKey.get(key);
    if (known) return known;
    const hash = hashApiKey(key);
    let record = this.byHash.get(hash);
    if (!record && this.reloadIfChanged()) record = this.byHash.get(hash);
    if (!record) return { ok: false, reason: "unknown" };
    if (record.revokedAt) return { ok: false, reason: "revoked" };
    const accepted = { ok: true, key: record } as const;
    this.byPresentedKey.set(key, accepted);
    return accepted;
  }

  /** Every key of the file as last loaded, revoked ones included; the same array until the file is reloaded. */
  all(): readonly ApiKeyRecord[] {
    return this.records;
  }

  get size(): number {
    return this.byHash.size;
  }

  close(): void {
    unwatchFile(this.path);
  }

  /** Re-reads the file when it changed since the last load; true when it did. */
  private reloadIfChanged(): boolean {
    const version = fileVersion(this.path);
    if (version === this.version) return false;
    try {
      this.load(readApiKeyFile(this.path), version);
      this.logger.info({ path: this.path, keys: this.byHash.size }, "API keys reloaded");
      return true;
    } catch (error) {
      this.version = version; // not again until the file changes once more
      this.logger.error({ err: error, path: this.path }, "the API key file changed but cannot be used; keeping the previous keys");
      return false;
    }
  }

  private load(keys: readonly ApiKeyRecord[], version: string): void {
    this.byHash = new Map(keys.map((key) => [key.sha256, key]));
    this.byPresentedKey = new Map();
    this.records = keys;
    this.version = version;
  }
}

function fileVersion(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return "missing";
  }
}
