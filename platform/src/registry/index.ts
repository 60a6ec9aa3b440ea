export {
  loadSubgraphRegistry,
  registryPath,
  findSubgraph,
  subgraphUrl,
  resilienceSettingsSchema,
  REPO_ROOT,
  REGISTRY_PATH,
  type SubgraphEntry,
  type ResilienceSettingsInput,
} from "./subgraphRegistry";
export {
  DEFAULT_SERVICE_LEVELS,
  LATENCY_OBJECTIVES_MS,
  OBJECTIVE_PERCENTILES,
  resolveServiceLevels,
  type ServiceLevels,
  type ServiceLevelsInput,
  serviceLevelsSchema,
} from "./serviceLevels";
