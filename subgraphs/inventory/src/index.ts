import "reflect-metadata";
import { loadSubgraphConfig, runSubgraphProcess } from "@subgraph-kit";
import { inventorySubgraph } from "./subgraph";

runSubgraphProcess(inventorySubgraph, loadSubgraphConfig("inventory"));
