export {
  type CapabilityFactory,
  type CapabilitySetup,
  type GatewayCapability,
  INTERCEPT_STAGES,
  type InterceptStage,
  type SharedResource,
  type SubgraphFetchHooks,
} from "./capability";
export { composeCapabilities, type ComposedCapabilities, startCapabilities } from "./composeCapabilities";
