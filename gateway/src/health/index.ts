export { createHealthRoute, type HealthReport, type SubgraphReport, type GatewayPhase } from "./healthRoutes";
