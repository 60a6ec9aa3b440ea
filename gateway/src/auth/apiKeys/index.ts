export { API_KEY_RATE_LIMITS, type ApiKeyChanges, type ApiKeyRateLimit, type ApiKeyRecord, createApiKey, hashApiKey, type NewApiKey, readApiKeyFile, revokeApiKey, updateApiKey, writeApiKeyFile } from "./apiKeyFile";
export { type ApiKeyCheck, ApiKeyRegistry } from "./apiKeyRegistry";
