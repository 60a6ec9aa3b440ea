import "reflect-metadata";
import { loadSubgraphConfig, runSubgraphProcess } from "@subgraph-kit/server";
import { loadOrdersSettings } from "./settings";
import { createOrdersSubgraph } from "./subgraph";

runSubgraphProcess(createOrdersSubgraph(loadOrdersSettings()), loadSubgraphConfig("orders"));
