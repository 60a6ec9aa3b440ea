export { KnownOperationTypesRule, operationResolutionPlugin, createGatewayErrorFormatter } from "./clientErrors";
