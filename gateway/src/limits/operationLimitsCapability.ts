import type { CapabilityFactory } from "../capability";
import { DEFAULT_OPERATION_LIMITS } from "./operationLimits";
import { operationLimitsInterceptor } from "./operationLimitsInterceptor";
import { operationLimitsPlugin } from "./operationLimitsPlugin";
import { PersistedOperations } from "./persistedOperations";

/**
 * Depth, alias, cost and size limits on every operation, and, with a trusted manifest
 * (GATEWAY_PERSISTED_OPERATIONS), persisted-operations-only mode: APQ hashes resolve from the
 * manifest and nothing registers. The manifest is read as the gateway starts: a missing or
 * invalid one fails start-up.
 */
export const operationLimitsCapability: CapabilityFactory = ({ config }) => {
  const limits = config.limits ?? DEFAULT_OPERATION_LIMITS;
  const persisted = limits.persistedOperationsPath ? PersistedOperations.fromFile(limits.persistedOperationsPath) : undefined;
  return {
    name: "operationLimits",
    intercept: { stage: "check", interceptor: operationLimitsInterceptor({ maxDocumentBytes: limits.maxDocumentBytes, persisted }) },
    plugins: [operationLimitsPlugin({ limits, persisted })],
    persistedQueries: persisted && { cache: persisted.apqCache(), ttl: null },
  };
};
