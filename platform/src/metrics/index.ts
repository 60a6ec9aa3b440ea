export { processRegistry } from "./processRegistry";
export { ANONYMOUS, BoundedLabel, OTHER } from "./boundedLabel";
export { metricsRoute, type MetricsRouteOptions } from "./metricsRoute";
export { LATENCY_BUCKETS_SECONDS, statusClass } from "./metricSeconds";
export { Counter, Gauge, Histogram, Registry } from "prom-client";
