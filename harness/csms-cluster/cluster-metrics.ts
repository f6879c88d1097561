/**
 * `--metrics-port` of `chargedrill csms --workers N`: each worker counts its own stations in its own registry
 * (harness/metrics/csms-metrics.ts); a scrape of the primary asks every serving worker for its registry as JSON and
 * answers with prom-client's aggregation of them (counters, histograms and gauges summed; process metrics by their
 * own aggregator: the event loop lag's max is the max of the workers').
 */
import { AggregatorRegistry, Registry } from 'prom-client';

export class ClusterRegistry extends Registry {
  constructor(private readonly gather: () => Promise<readonly object[]>) {
    super();
  }

  override async metrics(): Promise<string> {
    return AggregatorRegistry.aggregate([...(await this.gather())]).metrics();
  }
}
