/**
 * A scenario's `chaos` list: each entry's selector resolved against the fleet and its settings read by the
 * chaos layer's own parser (simulator/transport/chaos.ts), so a file and `--chaos` mean the same.
 */
import { chaosFromEntries, type ChaosOptions } from '../../../simulator/transport/chaos.js';
import type { BuildContext } from './context.js';
import type { ChaosRule } from './model.js';
import type { RawChaosEntry } from './raw.js';

const SELECTOR_KEYS = new Set(['station', 'stations', 'site', 'count']);

export function buildChaos(raw: readonly RawChaosEntry[] | undefined, ctx: BuildContext): ChaosRule[] | undefined {
  if (raw === undefined) return undefined;
  const rules: ChaosRule[] = [];
  raw.forEach((entry, i) => {
    const path = `/chaos/${i}`;
    const target = ctx.target(path, entry);
    const settings = Object.fromEntries(Object.entries(entry).filter(([key]) => !SELECTOR_KEYS.has(key))) as Record<string, string | number>;
    const { options, problems } = chaosFromEntries(settings);
    for (const problem of problems) ctx.report(`${path}${problem.path}`, problem.message, problem.allowed);
    if (Object.keys(settings).length === 0) ctx.report(path, 'names stations but no chaos setting', ['latency', 'jitter', 'drop', 'duplicate', '…']);
    if (target !== undefined && problems.length === 0) rules.push({ target, options });
  });
  return rules;
}

/** The chaos of one station: the first rule that selects it, or none. */
export function chaosOf(rules: readonly ChaosRule[], stationId: string): ChaosOptions | undefined {
  return rules.find((rule) => rule.target.stationIds.includes(stationId))?.options;
}
