export { SupergraphFileManager, type SupergraphFileManagerOptions } from "./supergraphFileManager";
export {
  composeSupergraph,
  loadSubgraphSdl,
  formatCompositionErrors,
  SUBGRAPH_LOAD_FAILED,
  type ComposeResult,
  type CompositionProblem,
} from "./composeSupergraph";
export { supergraphHash, supergraphSubgraphs, type SupergraphSubgraph } from "./supergraphInfo";
