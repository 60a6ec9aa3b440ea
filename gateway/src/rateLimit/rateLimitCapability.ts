import { apiKeyIdOf } from "../auth";
import { apiKeysResource } from "../auth/authenticationCapability";
import type { CapabilityFactory } from "../capability";
import { createRateLimit } from "./rateLimit";

/** Rate limits per address, per API key and against bots (createRateLimit), counted before authentication answers. */
export const rateLimitCapability: CapabilityFactory = async ({ config, logger, shared }) => {
  if (!config.rateLimit.enabled) return { name: "rateLimit", health: { section: "rateLimit", report: () => ({ enabled: false }) } };
  const rateLimit = await createRateLimit({ config: config.rateLimit, clientKey: apiKeyIdOf(await shared(apiKeysResource)), logger });
  return {
    name: "rateLimit",
    intercept: { stage: "admit", interceptor: rateLimit.intercept },
    health: { section: "rateLimit", report: () => ({ ...rateLimit.report() }) },
    close: () => rateLimit.close(),
  };
};
