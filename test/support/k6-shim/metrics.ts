/** k6/metrics under Node: every add() becomes a sample in the shim's state. */
import { shimState, type Sample } from './state.js';

class Metric {
  constructor(
    readonly name: string,
    private readonly type: Sample['type'],
  ) {}

  add(value: number | boolean, tags: Record<string, string> = {}): void {
    shimState().samples.push({ metric: this.name, type: this.type, value: Number(value), tags: { ...tags } });
  }
}

export class Trend extends Metric {
  constructor(name: string, _isTime?: boolean) {
    super(name, 'trend');
  }
}

export class Rate extends Metric {
  constructor(name: string) {
    super(name, 'rate');
  }
}

export class Counter extends Metric {
  constructor(name: string) {
    super(name, 'counter');
  }
}

export class Gauge extends Metric {
  constructor(name: string) {
    super(name, 'gauge');
  }
}
