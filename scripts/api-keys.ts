/**
 * Creates, revokes and lists the client apps' API keys in a key file (API_KEYS_PATH, or the
 * development file); running gateways pick changes up without a restart.
 *
 *   npm run api-keys -- create --name "Oxford St kiosk 3" --channel KIOSK --store store-london-oxford-st
 *   npm run api-keys -- create --name "Back-office" --channel WEB --back-office
 *   npm run api-keys -- revoke key_1a2b3c4d5e6f
 *   npm run api-keys -- list
 *
 * `create` prints the key once: the file keeps only its SHA-256.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type ApiKeyRecord, createApiKey, readApiKeyFile, revokeApiKey, writeApiKeyFile } from "../gateway/src/auth";
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
      const { key, record } = createApiKey(file, { name: values.name, channel: channel as Channel, storeId: values.store ?? null, backOffice: values["back-office"] });
      console.log(`Created ${record.id} (${record.name}, ${describeKind(record)}) in ${file}`);
      console.log(`Key (shown only now): ${key}`);
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
      fail("usage: api-keys create --name N --channel C [--store S] [--back-office] | revoke ID | list   [--file PATH]");
  }
}

function describeKind(key: ApiKeyRecord): string {
  return key.backOffice ? `${key.channel} back-office` : key.storeId ? `${key.channel} at ${key.storeId}` : key.channel;
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
