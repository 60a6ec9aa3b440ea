import "reflect-metadata";
import { loadSubgraphConfig, runSubgraphProcess } from "@subgraph-kit/server";
import { customerSubgraph } from "./subgraph";

runSubgraphProcess(customerSubgraph, loadSubgraphConfig("customer"));
