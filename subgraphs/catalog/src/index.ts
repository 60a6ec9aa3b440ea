import "reflect-metadata";
import { loadSubgraphConfig, runSubgraphProcess } from "@subgraph-kit";
import { catalogSubgraph } from "./subgraph";

runSubgraphProcess(catalogSubgraph, loadSubgraphConfig("catalog"));
