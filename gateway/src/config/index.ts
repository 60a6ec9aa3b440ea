export { loadGatewayConfig, graphqlEndpoint, type GatewayConfig, type LogLevel } from "./gatewayConfig";
