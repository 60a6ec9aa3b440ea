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
