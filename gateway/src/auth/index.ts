export { API_KEY_RATE_LIMITS, type ApiKeyChanges, type ApiKeyRateLimit, type ApiKeyRecord, ApiKeyRegistry, createApiKey, readApiKeyFile, revokeApiKey, updateApiKey, writeApiKeyFile } from "./apiKeys";
export { API_KEY_HEADER, apiKeyOf, type AuthenticationOptions, createAuthentication, STAFF_ON_THEIR_OWN_KEYS, type StaffKeyPolicy } from "./authentication";
export * from "./revokedCustomers";
export { DEVELOPMENT_TOKENS, issueDevelopmentToken, type Person, type TokenKeySource, TokenVerifier, type TokenVerifierOptions } from "./tokens";
