export { DEVELOPMENT_API_KEYS_PATH, graphqlEndpoint, type GatewayConfig, loadGatewayConfig, type LogLevel } from "./gatewayConfig";
