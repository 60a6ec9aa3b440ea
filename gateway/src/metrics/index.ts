export { BREAKER_STATE_VALUES, metricsCapability, OPERATION_LABEL_LIMIT } from "./metricsCapability";
