import "reflect-metadata";
import { loadSubgraphConfig, runSubgraphProcess } from "../../shared/src";
import { catalogSubgraph } from "./subgraph";

runSubgraphProcess(catalogSubgraph, loadSubgraphConfig("catalog"));
