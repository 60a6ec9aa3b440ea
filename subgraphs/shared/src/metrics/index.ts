export { countSqlStatement, type OutboxBacklog, recordBatch, SUBGRAPH_OPERATION_LABEL_LIMIT, SubgraphMetrics } from "./subgraphMetrics";
