export { ContextPart, createGatewayContext, type GatewayContext } from "./gatewayContext";
