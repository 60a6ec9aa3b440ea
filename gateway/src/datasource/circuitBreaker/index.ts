export { SubgraphCircuitBreaker, type BreakerStateChange } from "./subgraphCircuitBreaker";
export { LatencyWindow } from "./latencyWindow";
export type { BreakerState, SubgraphHealth, SubgraphHealthSource } from "./subgraphHealth";
