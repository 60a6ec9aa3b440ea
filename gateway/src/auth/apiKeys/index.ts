export { type ApiKeyRecord, createApiKey, hashApiKey, type NewApiKey, readApiKeyFile, revokeApiKey, writeApiKeyFile } from "./apiKeyFile";
export { type ApiKeyCheck, ApiKeyRegistry } from "./apiKeyRegistry";
