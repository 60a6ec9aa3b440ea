export {
  composeSupergraph,
  loadSubgraphSdl,
  formatCompositionErrors,
  SUBGRAPH_LOAD_FAILED,
  type ComposeResult,
  type CompositionProblem,
} from "./composeSupergraph";
