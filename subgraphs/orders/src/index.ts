import "reflect-metadata";
import { loadSubgraphConfig, runSubgraphProcess } from "../../shared/src/server";
import { ordersSubgraph } from "./subgraph";

runSubgraphProcess(ordersSubgraph, loadSubgraphConfig("orders"));
