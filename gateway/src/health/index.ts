export { createHealthRoute, type HealthReport, type SubgraphReport, type GatewayPhase } from "./healthRoutes";
export type { SubgraphHealth, SubgraphHealthSource, BreakerState } from "./subgraphHealth";
