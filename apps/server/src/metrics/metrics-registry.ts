// A small Prometheus registry: counters, gauges and histograms with labels, the text exposition
// format (version 0.0.4), and the merge of several processes' snapshots (cluster workers). Series
// are plain objects the caller keeps: an increment or an observation allocates nothing.

/** How a family's series of several processes combine: counters and histograms add up; a gauge says. */
export type MergeRule = 'sum' | 'max';

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One series as it crosses a process boundary (JSON over the cluster IPC channel). */
export interface SeriesSnapshot {
  readonly labels: readonly string[];
  /** Counter or gauge value. */
  readonly value?: number;
  /** Histogram: observations per bucket (not cumulative; the last is +Inf), their sum and count. */
  readonly buckets?: readonly number[];
  readonly sum?: number;
  readonly count?: number;
}

/** One metric family with every series, ready to merge or render. */
export interface FamilySnapshot {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly merge: MergeRule;
  readonly labelNames: readonly string[];
  /** Histogram bucket upper bounds (seconds), ascending, without +Inf. */
  readonly bounds?: readonly number[];
  readonly series: readonly SeriesSnapshot[];
}

/** A counter or gauge series. */
export class ValueSeries {
  value = 0;
  constructor(readonly labels: readonly string[]) {}
  inc(by = 1): void {
    this.value += by;
  }
  set(value: number): void {
    this.value = value;
  }
}

/** A histogram series: one count per bucket (the last is +Inf), the sum and the count. */
export class HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(readonly labels: readonly string[], readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }
  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += value;
    this.count += 1;
  }
}

/** A family of series sharing a name; `series(...)` finds or creates one (keep it: the lookup joins the label values). */
export class Family<S extends ValueSeries | HistogramSeries> {
  readonly #series = new Map<string, S>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricType,
    readonly merge: MergeRule,
    readonly labelNames: readonly string[],
    readonly bounds: readonly number[] | undefined,
    readonly create: (labels: readonly string[]) => S,
  ) {}

  series(...labels: string[]): S {
    if (labels.length !== this.labelNames.length) throw new Error(`${this.name} takes labels ${this.labelNames.join(', ')}`);
    const key = labels.join('\u0000');
    let found = this.#series.get(key);
    if (found === undefined) {
      found = this.create(labels);
      this.#series.set(key, found);
    }
    return found;
  }

  /** Drops every series (gauges re-read at each scrape). */
  clear(): void {
    this.#series.clear();
  }

  snapshot(): FamilySnapshot {
    const series: SeriesSnapshot[] = [];
    for (const s of this.#series.values()) {
      series.push(s instanceof HistogramSeries ? { labels: s.labels, buckets: [...s.counts], sum: s.sum, count: s.count } : { labels: s.labels, value: s.value });
    }
    return { name: this.name, help: this.help, type: this.type, merge: this.merge, labelNames: this.labelNames, ...(this.bounds === undefined ? {} : { bounds: this.bounds }), series };
  }
}

/** Work run before each snapshot: gauges read from the database, the event loop, the pool. */
export type Collector = () => Promise<void> | void;

/** The metric families of one process. */
export class MetricsRegistry {
  readonly #families = new Map<string, Family<ValueSeries | HistogramSeries>>();
  readonly #collectors: Collector[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Family<ValueSeries> {
    return this.#add(new Family(name, help, 'counter', 'sum', labelNames, undefined, (labels) => new ValueSeries(labels)));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = [], merge: MergeRule = 'sum'): Family<ValueSeries> {
    return this.#add(new Family(name, help, 'gauge', merge, labelNames, undefined, (labels) => new ValueSeries(labels)));
  }

  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): Family<HistogramSeries> {
    return this.#add(new Family(name, help, 'histogram', 'sum', labelNames, bounds, (labels) => new HistogramSeries(labels, bounds)));
  }

  collect(collector: Collector): void {
    this.#collectors.push(collector);
  }

  /** Runs the collectors (a failing one is skipped; `onError` hears of it) and returns every family. */
  async snapshot(onError: (error: unknown) => void = () => undefined): Promise<FamilySnapshot[]> {
    for (const collector of this.#collectors) {
      try {
        await collector();
      } catch (error) {
        onError(error);
      }
    }
    return [...this.#families.values()].map((f) => f.snapshot());
  }

  #add<S extends ValueSeries | HistogramSeries>(family: Family<S>): Family<S> {
    if (this.#families.has(family.name)) throw new Error(`metric ${family.name} is registered twice`);
    this.#families.set(family.name, family as unknown as Family<ValueSeries | HistogramSeries>);
    return family;
  }
}

/**
 * Combines the snapshots of several processes into one: series with the same name and labels add up
 * (counters, histograms and `sum` gauges) or take the largest value (`max` gauges, e.g. event-loop delay).
 */
export function mergeSnapshots(processes: readonly (readonly FamilySnapshot[])[]): FamilySnapshot[] {
  const families = new Map<string, { family: FamilySnapshot; series: Map<string, SeriesSnapshot> }>();
  for (const snapshot of processes) {
    for (const family of snapshot) {
      let entry = families.get(family.name);
      if (entry === undefined) {
        entry = { family, series: new Map() };
        families.set(family.name, entry);
      }
      for (const series of family.series) {
        const key = series.labels.join('\u0000');
        const seen = entry.series.get(key);
        entry.series.set(key, seen === undefined ? series : combine(seen, series, family.merge));
      }
    }
  }
  return [...families.values()].map(({ family, series }) => ({ ...family, series: [...series.values()] }));
}

function combine(a: SeriesSnapshot, b: SeriesSnapshot, merge: MergeRule): SeriesSnapshot {
  if (a.buckets !== undefined && b.buckets !== undefined) {
    return { labels: a.labels, buckets: a.buckets.map((n, i) => n + (b.buckets?.[i] ?? 0)), sum: (a.sum ?? 0) + (b.sum ?? 0), count: (a.count ?? 0) + (b.count ?? 0) };
  }
  const x = a.value ?? 0;
  const y = b.value ?? 0;
  return { labels: a.labels, value: merge === 'max' ? Math.max(x, y) : x + y };
}

/** The content type of the text exposition format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Renders families in the Prometheus text exposition format. */
export function renderExposition(families: readonly FamilySnapshot[]): string {
  const lines: string[] = [];
  for (const family of [...families].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(`# HELP ${family.name} ${family.help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`, `# TYPE ${family.name} ${family.type}`);
    for (const series of family.series) {
      const base = family.labelNames.map((name, i) => `${name}="${escapeLabel(series.labels[i] ?? '')}"`);
      if (family.type === 'histogram' && series.buckets !== undefined) {
        let cumulative = 0;
        const bounds = family.bounds ?? [];
        series.buckets.forEach((n, i) => {
          cumulative += n;
          const le = i < bounds.length ? String(bounds[i]) : '+Inf';
          lines.push(`${family.name}_bucket{${[...base, `le="${le}"`].join(',')}} ${cumulative}`);
        });
        const labels = base.length === 0 ? '' : `{${base.join(',')}}`;
        lines.push(`${family.name}_sum${labels} ${number(series.sum ?? 0)}`, `${family.name}_count${labels} ${series.count ?? 0}`);
      } else {
        lines.push(`${family.name}${base.length === 0 ? '' : `{${base.join(',')}}`} ${number(series.value ?? 0)}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
