import { apiKeyOf } from "../auth";
import { apiKeysResource } from "../auth/authenticationCapability";
import type { CapabilityFactory, SharedResource } from "../capability";
import { createRateLimit } from "./rateLimit";
import { RateLimitMetrics } from "./rateLimitMetrics";

/** The rate limiter's counters (allowed, refused by limit, denied agents): `/health` and the metrics capability read them. */
export const rateLimitMetricsResource: SharedResource<RateLimitMetrics> = {
  name: "rate-limit counters",
  open: () => new RateLimitMetrics(),
};

/** Rate limits per API key, per address for requests without one (or with a public one), and against bots (createRateLimit), counted before authentication answers. */
export const rateLimitCapability: CapabilityFactory = async ({ config, logger, shared }) => {
  if (!config.rateLimit.enabled) return { name: "rateLimit", health: { section: "rateLimit", report: () => ({ enabled: false }) } };
  const rateLimit = await createRateLimit({
    config: config.rateLimit,
    clientKey: apiKeyOf(await shared(apiKeysResource)),
    logger,
    metrics: await shared(rateLimitMetricsResource),
  });
  return {
    name: "rateLimit",
    intercept: { stage: "admit", interceptor: rateLimit.intercept },
    health: { section: "rateLimit", report: () => ({ ...rateLimit.report() }) },
    close: () => rateLimit.close(),
  };
};
