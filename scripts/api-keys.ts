/**
 * Creates, revokes and lists the client apps' API keys in a key file (API_KEYS_PATH, or the
 * development file); running gateways pick changes up without a restart.
 *
 *   npm run api-keys -- create --name "Oxford St kiosk 3" --channel KIOSK --store store-london-oxford-st
 *   npm run api-keys -- create --name "Back-office" --channel WEB --back-office
 *   npm run api-keys -- create --name "Storefront (browser)" --channel WEB --public --origin https://shop.example.com --origin "https://*.shop.example.com"
 *   npm run api-keys -- create --name "Storefront (server-rendered)" --channel WEB --trusted-server
 *   npm run api-keys -- update key_1a2b3c4d5e6f --origin https://shop.example.com --public
 *   npm run api-keys -- revoke key_1a2b3c4d5e6f
 *   npm run api-keys -- list
 *
 * `create` prints the key once: the file keeps only its SHA-256.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type ApiKeyRateLimit, type ApiKeyRecord, createApiKey, readApiKeyFile, revokeApiKey, updateApiKey, writeApiKeyFile } from "../gateway/src/auth";
import { DEVELOPMENT_API_KEYS_PATH } from "../gateway/src/config";
import { Channel } from "@platform/caller";
import { envValue } from "@platform/env";

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string" },
      channel: { type: "string" },
      store: { type: "string" },
      "back-office": { type: "boolean", default: false },
      origin: { type: "string", multiple: true },
      "no-origins": { type: "boolean", default: false },
      public: { type: "boolean", default: false },
      "trusted-server": { type: "boolean", default: false },
      "per-key": { type: "boolean", default: false },
      file: { type: "string" },
    },
  });
  const file = path.resolve(values.file ?? envValue(process.env, "API_KEYS_PATH") ?? DEVELOPMENT_API_KEYS_PATH);
  const [command, id] = positionals;
  switch (command) {
    case "create": {
      const channel = values.channel?.toUpperCase();
      if (!values.name || !channel || !(Object.values(Channel) as string[]).includes(channel)) {
        fail(`create needs --name and --channel (${Object.values(Channel).join(", ")}), --store for KIOSK and HANDHELD, and --back-office for the back-office app's WEB key`);
      }
      if (!existsSync(file)) writeApiKeyFile(file, []);
      const { key, record } = createApiKey(file, {
        name: values.name,
        channel: channel as Channel,
        storeId: values.store ?? null,
        backOffice: values["back-office"],
        origins: values.origin ?? [],
        rateLimit: rateLimitOf(values),
      });
      console.log(`Created ${record.id} (${record.name}, ${describeKind(record)}) in ${file}`);
      console.log(`Key (shown only now): ${key}`);
      return;
    }
    case "update": {
      if (!id) fail("update needs the key's id (see list), and --origin (repeated), --no-origins, --public, --trusted-server or --per-key");
      const record = updateApiKey(file, id, { origins: values["no-origins"] ? [] : values.origin, rateLimit: rateLimitOf(values) });
      console.log(`Updated ${record.id} (${record.name}, ${describeKind(record)})`);
      return;
    }
    case "revoke": {
      if (!id) fail("revoke needs the key's id (see list)");
      const record = revokeApiKey(file, id);
      console.log(`Revoked ${record.id} (${record.name}) at ${record.revokedAt}`);
      return;
    }
    case "list":
      for (const key of readApiKeyFile(file)) {
        console.log([key.id, describeKind(key), key.revokedAt ? `revoked ${key.revokedAt}` : "active", key.name].join("\t"));
      }
      return;
    default:
      fail(
        "usage: api-keys create --name N --channel C [--store S] [--back-office] [--origin O ...] [--public | --trusted-server] | update ID [--origin O ... | --no-origins] [--public | --trusted-server | --per-key] | revoke ID | list   [--file PATH]",
      );
  }
}

/** The rate-limit class the flags name (undefined: unchanged on update, perKey on create). */
function rateLimitOf(values: { public?: boolean; "trusted-server"?: boolean; "per-key"?: boolean }): ApiKeyRateLimit | undefined {
  const named = ([["public", "public"], ["trusted-server", "trustedServer"], ["per-key", "perKey"]] as const).filter(([flag]) => values[flag]);
  if (named.length > 1) fail("give one of --public, --trusted-server and --per-key");
  return named[0]?.[1];
}

function describeKind(key: ApiKeyRecord): string {
  const kind = key.backOffice ? `${key.channel} back-office` : key.storeId ? `${key.channel} at ${key.storeId}` : key.channel;
  const limits = key.rateLimit === "perKey" ? "" : `, ${key.rateLimit === "public" ? "public: limited per address" : "trusted server"}`;
  return `${kind}${limits}${key.origins.length > 0 ? `, origins ${key.origins.join(" ")}` : ""}`;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

try {
  main();
} catch (error) {
  fail((error as Error).message);
}
