import { Counter, Gauge, Histogram, OTHER, type Registry } from "@platform/metrics";

/** A domain metric's labels: each name with every value it may take (besides `other`). */
export type LabelSets = Readonly<Record<string, readonly string[]>>;

/** The label values of one sample: one of its declared values per label. */
export type LabelValuesOf<L extends LabelSets> = { [K in keyof L]: L[K][number] };

export interface DomainCounter<L extends LabelSets> {
  inc(labels: LabelValuesOf<L>, value?: number): void;
}

export interface DomainGauge<L extends LabelSets> {
  set(labels: LabelValuesOf<L>, value: number): void;
}

export interface DomainHistogram<L extends LabelSets> {
  observe(labels: LabelValuesOf<L>, value: number): void;
}

export interface DomainMetricOptions<L extends LabelSets> {
  help: string;
  /** Every label and every value it may take; a value outside its set is recorded as `other`. */
  labels?: L;
}

/** A gauge's value read at scrape time: one number (no labels), or a value per label set. */
export type GaugeReading<L extends LabelSets> = number | readonly { labels: LabelValuesOf<L>; value: number }[];

export interface DomainGaugeOptions<L extends LabelSets> extends DomainMetricOptions<L> {
  /**
   * Read at each scrape (a cheap count): its value replaces the gauge's. When it fails, the gauge
   * is NaN for that scrape (unknown, never a stale number) and the scrape still succeeds.
   */
  collect?: () => Promise<GaugeReading<L>> | GaugeReading<L>;
}

export interface DomainHistogramOptions<L extends LabelSets> extends DomainMetricOptions<L> {
  buckets: readonly number[];
}

/** Most label values a domain label may declare, and most labels per metric. */
const MAX_VALUES_PER_LABEL = 50;
const MAX_LABELS = 4;
/** Counters with at most this many label combinations start every combination at 0, so `rate()` and `increase()` see the first event. */
const MAX_PRESET_SERIES = 100;
const SNAKE = /^[a-z][a-z0-9_]*$/;

interface Registered {
  kind: "counter" | "gauge" | "histogram";
  shape: string;
  handle: unknown;
}

/**
 * The domain's own Prometheus metrics, in its subgraph's registry (served at `/metrics` with the
 * kit's `subgraph_*` metrics and the process's). A domain reaches it as `metrics` in the
 * RequestServices and BackgroundServices the bootstrap hands it, like its logger and prisma.
 *
 * Names start with the subgraph's name (`orders_checkouts_total`); counters end in `_total`.
 * Labels are bounded by construction: each is declared with every value it may take, and a value
 * outside its set is recorded as `other`; no id, key or free text can become a label value. Every
 * metric also carries `subgraph`, like the kit's.
 *
 * Registering is idempotent: asking again for a metric of the same name and shape (per request,
 * say) returns the one registered first; the same name with another kind, labels or buckets throws.
 */
export class DomainMetrics {
  private readonly registered = new Map<string, Registered>();

  constructor(
    readonly subgraph: string,
    private readonly registry: Registry,
  ) {}

  counter<L extends LabelSets = Record<never, never>>(name: string, options: DomainMetricOptions<L>): DomainCounter<L> {
    if (!name.endsWith("_total")) throw new Error(`Domain counter "${name}" must end in _total`);
    return this.register<L, DomainCounter<L>>(name, "counter", options.labels, "", (labelNames, bound) => {
      const counter = new Counter({ name, help: options.help, labelNames, registers: [this.registry] });
      const combinations = combinationsOf<L>(options.labels ?? ({} as L));
      if (combinations.length <= MAX_PRESET_SERIES) for (const labels of combinations) counter.inc(bound(labels), 0);
      return { inc: (labels, value = 1) => counter.inc(bound(labels), value) } satisfies DomainCounter<L>;
    });
  }

  gauge<L extends LabelSets = Record<never, never>>(name: string, options: DomainGaugeOptions<L>): DomainGauge<L> {
    const read = options.collect;
    return this.register<L, DomainGauge<L>>(name, "gauge", options.labels, read ? "collect" : "", (labelNames, bound) => {
      const gauge: Gauge<string> = new Gauge({
        name,
        help: options.help,
        labelNames,
        registers: [this.registry],
        ...(read && {
          async collect() {
            let reading: GaugeReading<L>;
            try {
              reading = await read();
            } catch {
              gauge.reset();
              gauge.set(bound({} as LabelValuesOf<L>), Number.NaN);
              return;
            }
            gauge.reset();
            if (typeof reading === "number") gauge.set(bound({} as LabelValuesOf<L>), reading);
            else for (const { labels, value } of reading) gauge.set(bound(labels), value);
          },
        }),
      });
      return { set: (labels, value) => gauge.set(bound(labels), value) } satisfies DomainGauge<L>;
    });
  }

  histogram<L extends LabelSets = Record<never, never>>(name: string, options: DomainHistogramOptions<L>): DomainHistogram<L> {
    return this.register<L, DomainHistogram<L>>(name, "histogram", options.labels, options.buckets.join(","), (labelNames, bound) => {
      const histogram = new Histogram({ name, help: options.help, labelNames, buckets: [...options.buckets], registers: [this.registry] });
      return { observe: (labels, value) => histogram.observe(bound(labels), value) } satisfies DomainHistogram<L>;
    });
  }

  private register<L extends LabelSets, T>(
    name: string,
    kind: Registered["kind"],
    labels: L | undefined,
    extra: string,
    create: (labelNames: string[], bound: (values: LabelValuesOf<L>) => Record<string, string>) => T,
  ): T {
    const sets = labels ?? ({} as L);
    const shape = JSON.stringify([sets, extra]);
    const earlier = this.registered.get(name);
    if (earlier) {
      if (earlier.kind !== kind || earlier.shape !== shape) throw new Error(`Domain metric "${name}" is already registered with another kind, labels or buckets`);
      return earlier.handle as T;
    }
    this.check(name, sets);
    const subgraph = this.subgraph;
    const allowed = Object.entries(sets).map(([label, values]) => [label, new Set(values)] as const);
    const bound = (values: LabelValuesOf<L>): Record<string, string> => {
      const record: Record<string, string> = { subgraph };
      for (const [label, set] of allowed) {
        const value = (values as Record<string, unknown>)[label];
        record[label] = typeof value === "string" && set.has(value) ? value : OTHER;
      }
      return record;
    };
    const handle = create(["subgraph", ...Object.keys(sets)], bound);
    this.registered.set(name, { kind, shape, handle });
    return handle;
  }

  private check(name: string, sets: LabelSets): void {
    if (!name.startsWith(`${this.subgraph}_`) || !SNAKE.test(name)) {
      throw new Error(`Domain metric "${name}" must be snake_case and start with "${this.subgraph}_" (the kit's own are subgraph_*)`);
    }
    const entries = Object.entries(sets);
    if (entries.length > MAX_LABELS) throw new Error(`Domain metric "${name}" has more than ${MAX_LABELS} labels`);
    for (const [label, values] of entries) {
      if (!SNAKE.test(label) || label === "subgraph") throw new Error(`Domain metric "${name}": label "${label}" must be snake_case and not "subgraph"`);
      if (values.length === 0 || values.length > MAX_VALUES_PER_LABEL) {
        throw new Error(`Domain metric "${name}": label "${label}" declares 1 to ${MAX_VALUES_PER_LABEL} values`);
      }
      for (const value of values) {
        if (!/^[A-Za-z0-9_]{1,64}$/.test(value)) throw new Error(`Domain metric "${name}": label "${label}" value "${value}" must be 1 to 64 letters, digits or _`);
      }
    }
  }
}

/** Every combination of the declared label values. */
function combinationsOf<L extends LabelSets>(sets: L): LabelValuesOf<L>[] {
  let combinations: Record<string, string>[] = [{}];
  for (const [label, values] of Object.entries(sets)) {
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [label]: value })));
    if (combinations.length > MAX_PRESET_SERIES) break;
  }
  return combinations as LabelValuesOf<L>[];
}
