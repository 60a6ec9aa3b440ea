export { startSubgraph, runSubgraphProcess, type SubgraphDefinition, type RunningSubgraph, type PrismaLike } from "./startSubgraph";
export { SqlStatementCounter } from "./sqlStatementCounter";
export { loadSubgraphConfig, type SubgraphConfig } from "./subgraphConfig";
