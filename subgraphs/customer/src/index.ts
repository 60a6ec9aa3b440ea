import "reflect-metadata";
import { loadSubgraphConfig, runSubgraphProcess } from "../../shared/src/server";
import { customerSubgraph } from "./subgraph";

runSubgraphProcess(customerSubgraph, loadSubgraphConfig("customer"));
