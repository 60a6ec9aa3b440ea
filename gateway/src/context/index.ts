export { ContextPart, createGatewayContext, type GatewayContext } from "./gatewayContext";
export { executedSupergraph } from "./executedSupergraph";
