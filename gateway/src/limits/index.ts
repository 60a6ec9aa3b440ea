export { DEFAULT_OPERATION_LIMITS, type OperationLimits } from "./operationLimits";
export { operationLimitsPlugin, type OperationLimitsPluginOptions } from "./operationLimitsPlugin";
export { operationLimitsInterceptor, type OperationLimitsInterceptorOptions } from "./operationLimitsInterceptor";
export { PersistedOperations } from "./persistedOperations";
export { LimitErrorCode, type LimitName, operationLimitExceeded, persistedQueryNotAllowed } from "./limitErrors";
export { operationDepth } from "./operationDepth";
export { operationAliases } from "./operationAliases";
export { operationCost, PAGE_SIZE_ARGUMENTS, type OperationCost } from "./operationCost";
