import "reflect-metadata";
import { loadSubgraphConfig, runSubgraphProcess } from "../../shared/src";
import { inventorySubgraph } from "./subgraph";

runSubgraphProcess(inventorySubgraph, loadSubgraphConfig("inventory"));
