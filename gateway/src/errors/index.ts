export { KnownOperationTypesRule, nulCharacterPlugin, operationResolutionPlugin, createGatewayErrorFormatter } from "./clientErrors";
