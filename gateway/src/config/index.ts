export { loadGatewayConfig, type GatewayConfig, type LogLevel } from "./gatewayConfig";
