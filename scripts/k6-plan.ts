/**
 * A `chargedrill load` profile → the plan a k6 station script runs (deploy/k6/lib/plan.ts): the profile's stages
 * and session mix through the load engine's own loader, the session shape of the fleet (LOAD_MIX_DEFAULTS), and the
 * thresholds k6 can express. Runs under Node at bundle time; the k6 script gets the result as a constant.
 */
import type { K6Plan } from '../deploy/k6/lib/plan.js';
import type { CompiledProfile } from '../harness/load/profiles/compile.js';
import type { ThresholdSpec } from '../harness/load/thresholds.js';
import { LOAD_MIX_DEFAULTS } from '../simulator/fleet/station-load.js';
import { STATION_DEFAULTS } from '../simulator/station/defaults.js';

/** The load engine's statistics as k6 trend statistics. */
const K6_STAT: Readonly<Record<string, string>> = { p50: 'med', p90: 'p(90)', p95: 'p(95)', p99: 'p(99)', 'p99.9': 'p(99.9)', max: 'max', mean: 'avg' };

/** One profile threshold as k6 metric and expression, or undefined when k6 has no counterpart. */
export function k6Threshold(spec: ThresholdSpec): { metric: string; expression: string } | undefined {
  const { metric, op, value, unit } = spec;
  switch (metric.kind) {
    case 'latency':
      // `*` means "every action passes on its own"; k6 would need one threshold per action seen, unknown up front.
      if (metric.action === '*') return undefined;
      return { metric: `ocpp_call_duration{action:${metric.action}}`, expression: `${K6_STAT[metric.stat]}${op}${value}` };
    case 'errors':
      if (unit !== '%') return undefined;
      return { metric: metric.action === undefined ? 'ocpp_call_failed' : `ocpp_call_failed{action:${metric.action}}`, expression: `rate${op}${value / 100}` };
    case 'booted':
      // Of the boot answers received, the share Accepted: a station that never got an answer is not counted.
      if (unit !== '%') return undefined;
      return { metric: 'ocpp_boot_accepted', expression: `rate${op}${value / 100}` };
    default:
      return undefined;
  }
}

export function planFromProfile(profile: CompiledProfile): K6Plan {
  const thresholds: K6Plan['thresholds'] = {};
  const untranslated: string[] = [];
  for (const spec of profile.thresholds) {
    const k6 = k6Threshold(spec);
    if (k6 === undefined) {
      untranslated.push(spec.expression);
      continue;
    }
    const entry = spec.abortOnFail ? { threshold: k6.expression, abortOnFail: true, delayAbortEval: `${Math.round(spec.delayAbortEvalMs / 1000)}s` } : k6.expression;
    (thresholds[k6.metric] ??= []).push(entry);
  }
  const { sessionMinS, sessionMaxS, sessionPowerMinW, sessionPowerMaxW, finishingDwellS } = LOAD_MIX_DEFAULTS;
  return {
    profile: profile.name,
    stations: profile.defaults.stations,
    connectors: profile.defaults.connectors,
    timeScale: profile.defaults.timeScale,
    stages: profile.stages.map(({ name, durationMs, target, sessionsPerHour, mix }) => ({ name, durationMs, target, sessionsPerHour, ...(mix === undefined ? {} : { mix }) })),
    session: { sessionMinS, sessionMaxS, sessionPowerMinW, sessionPowerMaxW, finishingDwellS },
    meterValuesIntervalS: STATION_DEFAULTS.meterValueIntervalS,
    thresholds,
    untranslated,
  };
}
