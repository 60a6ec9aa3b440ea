export {
  type BackgroundServices,
  type BackgroundWork,
  type PrismaLike,
  type RequestServices,
  type RunningSubgraph,
  runSubgraphProcess,
  type ServiceIdentity,
  startSubgraph,
  type SubgraphDefinition,
} from "./startSubgraph";
export { SqlStatementCounter } from "./sqlStatementCounter";
export { loadSubgraphConfig, type SubgraphConfig } from "./subgraphConfig";
export { combineBackgroundWork, type PeriodicWorkOptions, startPeriodicWork } from "./periodicWork";
