/** Checks on numbers measured over the whole run: uptime from the desk's ledger, and metric thresholds. */
import { METRICS } from '../scenario/model.js';
import type { MetricExpectation, UptimeExpectation } from '../scenario/model.js';
import { stationConnectorOf } from '../../../simulator/vocabulary/evse.js';
import { placeText } from '../../../simulator/vocabulary/place.js';
import { base, ms, type EvalContext, type Judgement } from './context.js';

export function judgeUptime(expectation: UptimeExpectation, ctx: EvalContext): Judgement {
  const subject = expectation.stationId ? placeText(expectation) : 'the fleet';
  const common = base(expectation, `uptime of ${subject} at least ${expectation.atLeastPercent}%`, `uptime of ${subject} at least ${expectation.atLeastPercent}%`);
  // Blocks an early end: the number is over the whole scenario.
  if (!ctx.ended) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'measured at the end' } };
  const percent = uptimePercent(expectation, ctx);
  if (percent === undefined) {
    const observed = ctx.readings ? `no uptime recorded for ${subject}` : 'not measurable: the CSMS under test has no desk the runner can read';
    return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message: `uptime of ${subject} expected at least ${expectation.atLeastPercent}%, ${observed}` } };
  }
  const observed = `${round(percent)}%`;
  if (percent >= expectation.atLeastPercent) return { state: 'passed', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed } };
  return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message: `uptime of ${subject} expected at least ${expectation.atLeastPercent}%, was ${observed}` } };
}

function uptimePercent(expectation: UptimeExpectation, ctx: EvalContext): number | undefined {
  const report = ctx.readings;
  if (!report) return undefined;
  if (!expectation.stationId) return report.meanPortUptimePercent;
  const station = report.stations.find((s) => s.stationId === expectation.stationId);
  if (!station) return undefined;
  if (expectation.connectorId === undefined) return station.uptimePercent;
  // 2.0.1 ports are counted by EVSE on virtual stations.
  return station.connectors.find((c) => stationConnectorOf(c) === expectation.connectorId)?.uptimePercent;
}

export function judgeMetric(expectation: MetricExpectation, ctx: EvalContext): Judgement {
  const { metric, atMost, atLeast } = expectation;
  const show = (value: number) => (METRICS[metric] === 'ms' ? ms(value) : `${round(value)}%`);
  const bounds = [atLeast !== undefined ? `at least ${show(atLeast)}` : '', atMost !== undefined ? `at most ${show(atMost)}` : ''].filter(Boolean).join(' and ');
  const common = base(expectation, `${metric} ${bounds}`, `${metric} ${bounds}`);
  // Blocks an early end: the number is over the whole scenario.
  if (!ctx.ended) return { state: 'pending', blocksEarlyEnd: true, result: { ...common, status: 'failed', observed: 'measured at the end' } };
  const value = ctx.metrics?.[metric];
  if (value === undefined) {
    const observed = 'not measured (nothing in the run to measure it on)';
    return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message: `${metric} expected ${bounds}, ${observed}` } };
  }
  const observed = show(value);
  const ok = (atLeast === undefined || value >= atLeast) && (atMost === undefined || value <= atMost);
  if (ok) return { state: 'passed', blocksEarlyEnd: false, result: { ...common, status: 'passed', observed } };
  return { state: 'failed', blocksEarlyEnd: false, result: { ...common, status: 'failed', observed, message: `${metric} expected ${bounds}, was ${observed}` } };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
