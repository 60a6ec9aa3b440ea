export { buildFederatedSchema, type ReferenceResolvers } from "./buildFederatedSchema";
