/**
 * CALLs by action and outcome, and how long they took by action, counted with plain numbers as they happen
 * and turned into Prometheus samples only when scraped. prom-client's `inc()` / `observe()` build and check
 * a label string on every call (about 1 µs each here); at thousands of CALLs a second that was most of an
 * exporter's cost, while a scrape comes every few seconds.
 */
import { Counter, Histogram, type Registry } from 'prom-client';

export interface CallTallyNames {
  calls: { name: string; help: string };
  duration: { name: string; help: string; buckets: readonly number[] };
}

/** One action's counts: by outcome and error code, and its duration histogram. */
export class ActionTally {
  /** Outcome -> error code ('' for none) -> count. */
  readonly outcomes = new Map<string, Map<string, number>>();
  /** Observations per bucket, not cumulative; the last slot is above the highest bound. */
  readonly buckets: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.buckets = new Float64Array(bounds.length + 1);
  }

  add(outcome: string, errorCode = ''): void {
    let codes = this.outcomes.get(outcome);
    if (codes === undefined) this.outcomes.set(outcome, (codes = new Map()));
    codes.set(errorCode, (codes.get(errorCode) ?? 0) + 1);
  }

  observe(seconds: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > (bounds[i] as number)) i++;
    this.buckets[i] = (this.buckets[i] as number) + 1;
    this.sum += seconds;
    this.count++;
  }
}

export class CallTally {
  private readonly actions = new Map<string, ActionTally>();
  private readonly bounds: readonly number[];

  constructor(registry: Registry, names: CallTallyNames) {
    this.bounds = [...names.duration.buckets].sort((a, b) => a - b);
    const actions = this.actions;
    new Counter({
      ...names.calls,
      labelNames: ['action', 'outcome', 'error_code'],
      registers: [registry],
      // Totals only grow, so replacing the samples with them at each scrape keeps the counter a counter.
      collect() {
        this.reset();
        for (const [action, tally] of actions) {
          for (const [outcome, codes] of tally.outcomes) for (const [code, n] of codes) this.inc({ action, outcome, error_code: code }, n);
        }
      },
    });
    new TalliedHistogram(registry, names.duration, this.bounds, actions);
  }

  /** The tally of `action`; callers on a hot path may keep it. */
  of(action: string): ActionTally {
    let tally = this.actions.get(action);
    if (tally === undefined) this.actions.set(action, (tally = new ActionTally(this.bounds)));
    return tally;
  }
}

type Sample = { value: number; labels: Record<string, string | number>; metricName: string };

/** A prom-client histogram (name, help and type as usual) whose samples come from the tallies. */
class TalliedHistogram extends Histogram<'action'> {
  constructor(
    registry: Registry,
    private readonly config: { name: string; help: string },
    private readonly bounds: readonly number[],
    private readonly actions: ReadonlyMap<string, ActionTally>,
  ) {
    super({ ...config, labelNames: ['action'], buckets: [...bounds], registers: [registry] });
  }

  override get(): ReturnType<Histogram<'action'>['get']> {
    const { name, help } = this.config;
    const values: Sample[] = [];
    for (const [action, tally] of this.actions) {
      if (tally.count === 0) continue;
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += tally.buckets[i] as number;
        values.push({ value: cumulative, labels: { le, action }, metricName: `${name}_bucket` });
      });
      values.push({ value: tally.count, labels: { le: '+Inf', action }, metricName: `${name}_bucket` });
      values.push({ value: tally.sum, labels: { action }, metricName: `${name}_sum` });
      values.push({ value: tally.count, labels: { action }, metricName: `${name}_count` });
    }
    // The `le` label is the histogram's own, which prom-client's label type does not list.
    return Promise.resolve({ name, help, type: 'histogram', aggregator: 'sum', collect: () => {}, values } as unknown as Awaited<ReturnType<Histogram<'action'>['get']>>);
  }

  /** The registry prefers this to `get()` when it renders the text format. */
  getForPromString(): ReturnType<Histogram<'action'>['get']> {
    return this.get();
  }
}
