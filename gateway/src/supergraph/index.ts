export { SupergraphFileManager, type SupergraphFileManagerOptions } from "./supergraphFileManager";
export { supergraphHash, supergraphSubgraphs, type SupergraphSubgraph } from "./supergraphInfo";
export { ServingSupergraph, type SupergraphVersion } from "./servingSupergraph";
export { printApiSchema } from "./apiSchema";
