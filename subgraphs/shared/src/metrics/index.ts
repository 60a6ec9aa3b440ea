export { countSqlStatement, type OutboxBacklog, recordBatch, SUBGRAPH_OPERATION_LABEL_LIMIT, SubgraphMetrics } from "./subgraphMetrics";
export {
  type DomainCounter,
  type DomainGauge,
  type DomainGaugeOptions,
  type DomainHistogram,
  type DomainHistogramOptions,
  type DomainMetricOptions,
  DomainMetrics,
  type GaugeReading,
  type LabelSets,
  type LabelValuesOf,
} from "./domainMetrics";
