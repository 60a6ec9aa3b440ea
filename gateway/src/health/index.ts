export { createHealthRoute, type HealthReport, type GatewayPhase } from "./healthRoutes";
