export { buildFederatedSchema, type ReferenceResolvers } from "./buildFederatedSchema";
export { type EntityReference, entityReference } from "./entityReference";
