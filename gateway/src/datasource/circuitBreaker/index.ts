export { SubgraphCircuitBreaker, type BreakerStateChange } from "./subgraphCircuitBreaker";
export { LatencyWindow } from "./latencyWindow";
