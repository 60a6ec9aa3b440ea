export { DEVELOPMENT_API_KEYS_PATH, GATEWAY_VARIABLES, graphqlEndpoint, type GatewayConfig, loadGatewayConfig, type LogLevel } from "./gatewayConfig";
