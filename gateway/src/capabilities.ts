import { apiSchemaCapability } from "./apiSchema";
import { authenticationCapability } from "./auth/authenticationCapability";
import { revokedCustomersCapability } from "./auth/revokedCustomers/revokedCustomersCapability";
import { backgroundInvalidationsCapability, entityCacheCapability, persistedQueriesCapability, responseCacheCapability } from "./cache/cacheCapabilities";
import type { CapabilityFactory } from "./capability";
import { corsCapability } from "./cors/corsCapability";
import { queryCoalescingCapability } from "./datasource/queryCoalescingCapability";
import { operationLimitsCapability } from "./limits/operationLimitsCapability";
import { ideCapability } from "./ide";
import { metricsCapability } from "./metrics";
import { rateLimitCapability } from "./rateLimit/rateLimitCapability";
import { requestIdCapability } from "./requestId";
import { requestLogCapability } from "./requestLog";
import { statusPageCapability } from "./statusPage";
import { tracingCapability } from "./tracing";

/**
 * The gateway's capabilities. Each states the stage its interceptor runs at (INTERCEPT_STAGES);
 * within a stage, this list is the order (metrics outermost, so that they see every answer;
 * the request id around CORS, so that preflights carry one too; the request log inside the
 * request id, so every line has one, and around everything else, so refusals are logged;
 * tracing after the request id, so that the trace context it sends to subgraphs wins over the
 * client's `traceparent` the request id forwards, and around the rest, so refusals are traced;
 * authentication before the revocations it refuses).
 * Each reads its own settings from the configuration and leaves itself out when they turn it off.
 */
export const GATEWAY_CAPABILITIES: readonly CapabilityFactory[] = [
  metricsCapability,
  requestIdCapability,
  tracingCapability,
  requestLogCapability,
  corsCapability,
  ideCapability,
  apiSchemaCapability,
  statusPageCapability,
  rateLimitCapability,
  authenticationCapability,
  revokedCustomersCapability,
  operationLimitsCapability,
  responseCacheCapability,
  entityCacheCapability,
  persistedQueriesCapability,
  backgroundInvalidationsCapability,
  queryCoalescingCapability,
];
