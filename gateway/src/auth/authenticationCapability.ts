import type { CapabilityFactory, SharedResource } from "../capability";
import { ApiKeyRegistry } from "./apiKeys";
import { createAuthentication } from "./authentication";
import { AuthRefusals } from "./authRefusals";
import { revokedCustomersResource } from "./revokedCustomers/revokedCustomersCapability";
import { TokenVerifier } from "./tokens";

/** The client apps' API keys (GATEWAY_API_KEYS_FILE), reloaded when the file changes; rate limits count per key too. */
export const apiKeysResource: SharedResource<ApiKeyRegistry> = {
  name: "API keys",
  open: ({ config, logger }) => ApiKeyRegistry.open(config.auth.apiKeysPath, logger),
  close: (apiKeys) => apiKeys.close(),
};

/** Authentication's refusals by reason, read by the metrics capability. */
export const authRefusalsResource: SharedResource<AuthRefusals> = {
  name: "authentication refusals",
  open: () => new AuthRefusals(),
};

/** Every GraphQL request names its app (API key) and, optionally, its person (bearer token): see createAuthentication. */
export const authenticationCapability: CapabilityFactory = async ({ config, shared }) => {
  const interceptor = createAuthentication({
    apiKeys: await shared(apiKeysResource),
    tokens: await TokenVerifier.create(config.auth.tokens),
    revokedCustomers: await shared(revokedCustomersResource),
    staffKeys: config.auth.staffKeys,
    refusals: await shared(authRefusalsResource),
  });
  return { name: "authentication", intercept: { stage: "authenticate", interceptor } };
};
