import { AsyncLocalStorage } from "node:async_hooks";
import type { ApolloServerPlugin, BaseContext, HTTPGraphQLResponse } from "@apollo/server";
import { BoundedLabel, Counter, Gauge, Histogram, LATENCY_BUCKETS_SECONDS, Registry, statusClass } from "@platform/metrics";
import { DomainMetrics } from "./domainMetrics";

/** Distinct operation names a subgraph labels by name (the gateway's generated fetch names, `Op__catalog__0`); the rest are `other`. */
export const SUBGRAPH_OPERATION_LABEL_LIMIT = 200;

/** What one GraphQL request of a subgraph has done so far. */
interface RequestMeter {
  metrics: SubgraphMetrics;
  sqlStatements: number;
  operation: string | null | undefined;
  resolved: boolean;
  errors: boolean;
}

const current = new AsyncLocalStorage<RequestMeter>();

/** The outbox's backlog as the gauges read it at each scrape. */
export interface OutboxBacklog {
  count: number;
  /** When the oldest unpublished event occurred; null without any. */
  oldestAt: Date | null;
}

/**
 * One subgraph's Prometheus metrics, in its own registry (served at `/metrics` beside the
 * process's): requests and their latency by operation, SQL statements per request, DataLoader
 * batch sizes, the outbox's backlog and relay lag. Each request runs inside `measure`, which
 * attributes to it the SQL statements and DataLoader batches of its resolvers (AsyncLocalStorage).
 */
export class SubgraphMetrics {
  readonly registry = new Registry();
  private readonly operations = new BoundedLabel(SUBGRAPH_OPERATION_LABEL_LIMIT);
  private readonly requests: Counter<"subgraph" | "operation" | "outcome">;
  private readonly duration: Histogram<"subgraph" | "operation">;
  private readonly sql: Histogram<"subgraph">;
  private readonly batches: Histogram<"subgraph">;
  private readonly relayLag: Histogram<"subgraph">;
  private readonly relayed: Counter<"subgraph">;
  /** The domain's own metrics (`<subgraph>_*`), in this registry: what RequestServices and BackgroundServices hand the domain as `metrics`. */
  readonly domain: DomainMetrics;

  constructor(readonly subgraph: string) {
    const registers = [this.registry];
    this.domain = new DomainMetrics(subgraph, this.registry);
    this.requests = new Counter({
      name: "subgraph_requests_total",
      help: "GraphQL requests a subgraph answered, by operation (as resolved; `unknown` when none was; `other` past the label's limit) and outcome: ok, graphql_error, http_4xx, http_5xx",
      labelNames: ["subgraph", "operation", "outcome"],
      registers,
    });
    this.duration = new Histogram({
      name: "subgraph_request_duration_seconds",
      help: "Time a subgraph took to answer a GraphQL request, by operation",
      labelNames: ["subgraph", "operation"],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.sql = new Histogram({
      name: "subgraph_sql_statements_per_request",
      help: "SQL statements sent to the database by one GraphQL request (transaction statements included)",
      labelNames: ["subgraph"],
      buckets: [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100],
      registers,
    });
    this.batches = new Histogram({
      name: "subgraph_dataloader_batch_size",
      help: "Keys per DataLoader batch (batches answered through the kit's oneRowPerKey and rowsPerKey)",
      labelNames: ["subgraph"],
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    });
    this.relayLag = new Histogram({
      name: "subgraph_outbox_relay_lag_seconds",
      help: "Time from a domain event's commit to its publication by the outbox relay",
      labelNames: ["subgraph"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
      registers,
    });
    this.relayed = new Counter({ name: "subgraph_outbox_relayed_events_total", help: "Domain events the outbox relay published", labelNames: ["subgraph"], registers });
  }

  /** Reads the outbox's backlog at each scrape (a domain that publishes events has one). */
  watchOutbox(backlog: () => Promise<OutboxBacklog>): void {
    const subgraph = this.subgraph;
    let last: Promise<OutboxBacklog> | undefined;
    // Both gauges read one query per scrape.
    const read = () => (last ??= backlog().finally(() => setImmediate(() => (last = undefined))));
    new Gauge({
      name: "subgraph_outbox_backlog_events",
      help: "Domain events committed to the outbox and not yet published",
      labelNames: ["subgraph"],
      registers: [this.registry],
      async collect() {
        this.set({ subgraph }, (await read()).count);
      },
    });
    new Gauge({
      name: "subgraph_outbox_oldest_event_age_seconds",
      help: "Age of the oldest unpublished domain event (0 without any)",
      labelNames: ["subgraph"],
      registers: [this.registry],
      async collect() {
        const { oldestAt } = await read();
        this.set({ subgraph }, oldestAt ? Math.max(0, (Date.now() - oldestAt.getTime()) / 1000) : 0);
      },
    });
  }

  /** The outbox relay published these events (their `occurredAt`, ISO 8601). */
  eventsRelayed(occurredAt: readonly string[]): void {
    const now = Date.now();
    this.relayed.inc({ subgraph: this.subgraph }, occurredAt.length);
    for (const at of occurredAt) this.relayLag.observe({ subgraph: this.subgraph }, Math.max(0, (now - Date.parse(at)) / 1000));
  }

  /** Runs one GraphQL request, counting it, its time, its SQL statements and what its DataLoaders batch. */
  async measure(execute: () => Promise<HTTPGraphQLResponse>): Promise<HTTPGraphQLResponse> {
    const meter: RequestMeter = { metrics: this, sqlStatements: 0, operation: undefined, resolved: false, errors: false };
    const started = performance.now();
    let status = 500;
    try {
      const response = await current.run(meter, execute);
      status = response.status ?? 200;
      return response;
    } finally {
      const operation = meter.resolved ? this.operations.admit(meter.operation) : "unknown";
      const klass = statusClass(status);
      const outcome = klass === "5xx" ? "http_5xx" : klass === "4xx" ? "http_4xx" : meter.errors ? "graphql_error" : "ok";
      const subgraph = this.subgraph;
      this.requests.inc({ subgraph, operation, outcome });
      this.duration.observe({ subgraph, operation }, (performance.now() - started) / 1000);
      this.sql.observe({ subgraph }, meter.sqlStatements);
    }
  }

  /** Tells `measure` the operation Apollo Server resolved and whether the answer has errors. */
  plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
    return {
      async requestDidStart() {
        return {
          async didResolveOperation({ operationName }) {
            const meter = current.getStore();
            if (!meter) return;
            meter.resolved = true;
            meter.operation = operationName;
          },
          async didEncounterErrors() {
            const meter = current.getStore();
            if (meter) meter.errors = true;
          },
        };
      },
    };
  }

  /** @internal */
  observeBatch(keys: number): void {
    this.batches.observe({ subgraph: this.subgraph }, keys);
  }
}

/** A SQL statement was sent: counted against the request it was sent for, if any. */
export function countSqlStatement(): void {
  const meter = current.getStore();
  if (meter) meter.sqlStatements++;
}

/** A DataLoader batch of `keys` keys ran: recorded by the subgraph whose request it serves, if any. */
export function recordBatch(keys: number): void {
  current.getStore()?.metrics.observeBatch(keys);
}
