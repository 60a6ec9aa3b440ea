import { collectDefaultMetrics, Registry } from "prom-client";

let processMetrics: Registry | undefined;

/**
 * The process's own metrics, in one registry per process: prom-client's default metrics under
 * their standard names, without a prefix (`process_cpu_seconds_total`,
 * `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, `nodejs_heap_size_used_bytes`,
 * `nodejs_gc_duration_seconds`, ...). Created on first use; every server of the process (the
 * gateway's, a subgraph's) serves it at `/metrics` beside its own registry.
 */
export function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
