/**
 * The Grafana dashboard cannot rot: every metric name in its PromQL (panel targets and variable queries)
 * must be one that a live scrape of the two exporters exposes. Also checks it is a dashboard Grafana imports:
 * schema version, the Prometheus data-source variable, unique panel ids, a 24-column grid.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachFleet, createLoadMetrics, type LoadMetrics } from '../../../harness/load/prometheus.js';
import { CsmsMetrics } from '../../../harness/metrics/csms-metrics.js';
import { serveMetrics, type MetricsServer } from '../../../harness/metrics/exposition-server.js';
import type { Csms } from '../../../harness/csms/server.js';
import { startReferenceCsms } from '../../../harness/reference-csms.js';
import { ScaledClock } from '../../../simulator/clock.js';
import { Fleet } from '../../../simulator/fleet/fleet.js';
import { exposedNames, scrape } from '../../support/prom-text.js';

interface Target {
  expr: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}
interface Dashboard {
  schemaVersion: number;
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string | { query: string } }[] };
}

const DASHBOARD_FILE = fileURLToPath(new URL('../../../deploy/grafana/chargedrill-dashboard.json', import.meta.url));
const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;

/** PromQL words that are not metric names. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);

/** The metric names a PromQL expression (or a Grafana `label_values(metric, label)` query) reads. */
function metricNames(expr: string): string[] {
  const labelValues = /^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*\w+\s*\)$/.exec(expr.trim());
  if (labelValues) return [labelValues[1] as string];
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings (label values, regexes)
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // range selectors
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // label lists
    .replace(/\$\{?\w+\}?/g, ' '); // Grafana variables
  const names: string[] = [];
  for (const match of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    if (match[2] !== undefined || KEYWORDS.has((match[1] as string).toLowerCase())) continue; // a function, or a keyword
    names.push(match[1] as string);
  }
  return names;
}

function expressions(): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  for (const panel of dashboard.panels) for (const t of panel.targets ?? []) found.push({ where: `panel "${panel.title}"`, expr: t.expr });
  for (const v of dashboard.templating.list) {
    if (v.type !== 'query') continue;
    found.push({ where: `variable ${v.name}`, expr: typeof v.query === 'string' ? v.query : v.query.query });
  }
  return found;
}

let csms: Csms;
let csmsServer: MetricsServer;
let load: LoadMetrics;
let fleet: Fleet;
let exposed: Set<string>;

beforeAll(async () => {
  const clock = new ScaledClock({ timeScale: 60 });
  ({ csms } = await startReferenceCsms({ clock }));
  const csmsMetrics = new CsmsMetrics();
  csmsMetrics.attach(csms);
  csmsServer = await serveMetrics(csmsMetrics.registry, { port: 0 });
  load = await createLoadMetrics({ port: 0 });
  fleet = new Fleet({ csmsUrl: csms.ocppUrl, clock, stations: 4, sites: 1, protocol: 'mix', seed: 1, rampPerS: 100 });
  attachFleet(fleet, load);
  const booted = fleet.waitForBoot(20_000);
  await fleet.start();
  expect(await booted).toBe(true);
  load.setProgress({ elapsedS: 1, stage: 'hold', stations: 4, connected: 4, booted: 4, callsPerS: 0, calls: 0, errors: 0, p99SoFarMs: null, sessionsActive: 0 });
  const [a, b] = await Promise.all([scrape(csmsServer.url), scrape(load.url)]);
  exposed = new Set([...exposedNames(a), ...exposedNames(b)]);
}, 60_000);

afterAll(async () => {
  await fleet?.stop();
  await csms?.close();
  await csmsServer?.close();
  await load?.close();
});

describe('deploy/grafana/chargedrill-dashboard.json', () => {
  it('reads only metric names the live exporters expose', () => {
    const unknown = expressions().flatMap(({ where, expr }) => metricNames(expr).filter((n) => !exposed.has(n)).map((n) => `${where}: ${n}`));
    expect(unknown).toEqual([]);
  });

  it('has a metric name in every expression, and shows both exporters and both processes', () => {
    const referenced = new Set<string>();
    for (const { where, expr } of expressions()) {
      const names = metricNames(expr);
      expect(names.length, `${where}: ${expr}`).toBeGreaterThan(0);
      for (const n of names) referenced.add(n);
    }
    for (const name of [
      'chargedrill_load_stations',
      'chargedrill_load_calls_total',
      'chargedrill_load_call_duration_seconds_bucket',
      'chargedrill_load_connection_attempts_total',
      'chargedrill_csms_call_handling_seconds_bucket',
      'chargedrill_csms_open_transactions',
      'chargedrill_csms_issues_raised_total',
      'chargedrill_csms_open_issues',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
    ]) {
      expect(referenced.has(name), name).toBe(true);
    }
  });

  it('catches a name no exporter has (the check itself can fail)', () => {
    const names = metricNames('histogram_quantile(0.99, sum by (le, action) (rate(chargedrill_load_call_duration_secs_bucket{job=~"$load_job", outcome!="x"}[1m]))) and on (job) up offset 5m');
    expect(names).toEqual(['chargedrill_load_call_duration_secs_bucket', 'up']);
    expect(names.filter((n) => !exposed.has(n))).toEqual(names);
    expect(metricNames('label_values(chargedrill_csms_connections_total, job)')).toEqual(['chargedrill_csms_connections_total']);
  });

  it('is a dashboard Grafana imports: schema 36 or later, a Prometheus data-source variable every query uses', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(variable).toMatchObject({ name: 'datasource', query: 'prometheus' });
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      if (panel.type === 'row') continue;
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const t of panel.targets ?? []) expect(t.datasource?.uid, panel.title).toBe('${datasource}');
    }
  });
});
