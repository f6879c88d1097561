/**
 * A profile's `faults:` → ScheduledFault[], deterministic from the seed: the same profile, fleet and seed give the
 * same faults at the same stations, connectors and times. Each fault gets its own station (one open issue per
 * station and type, so a second fault there could not be told apart), chosen among the stations that are online
 * at its time if the engine brings stations up in plan order (index 0 first) and takes the highest down first,
 * and whose protocol the fault exists in. Parameters are checked and completed by the fault catalogue.
 */
import { FAULTS, isFaultKind, validateFaultParams } from '../../../simulator/faults/registry.js';
import type { FaultKind } from '../../../simulator/faults/registry.js';
import { planFleet, type ProtocolChoice } from '../../../simulator/fleet/plan.js';
import { deriveSeed, seededRandom } from '../../../simulator/random.js';
import { ISSUE_RAISED_BY_FAULT } from '../../issues/raised-by-fault.js';
import { closest } from '../../runner/scenario/spelling.js';
import type { ScheduledFault, StageSpec } from '../result.js';
import type { Report } from './report.js';
import { onlineAt, parsePercent, PERCENT_HELP, totalDurationMs } from './stages.js';

export interface RawFault {
  kind: string;
  share?: number | string;
  count?: number;
  stage?: string;
  connector?: number;
  params?: Record<string, unknown>;
}

/** Faults a load run cannot place on one station of its fleet, and why (a scenario can run them). */
const NOT_IN_LOAD_RUNS: Readonly<Partial<Record<FaultKind, string>>> = {
  'site-uplink-outage': 'a fault of a whole site; for a reconnect storm use a stage `disconnect:`',
  'concurrent-tx': 'needs two stations sharing one token',
  'cost-not-configured': 'needs a CSMS configured without a tariff for the site',
};

export const LOAD_FAULT_KINDS: readonly FaultKind[] = (Object.keys(FAULTS) as FaultKind[]).filter((kind) => NOT_IN_LOAD_RUNS[kind] === undefined && FAULTS[kind].minStations === 1);

export interface FaultMixContext {
  stations: number;
  sites: number;
  protocol: ProtocolChoice;
  connectors: number;
  seed: number;
  stages: readonly StageSpec[];
}

/** Draws are salted so the fault mix does not repeat the fleet's own per-index seeds. */
const FAULT_MIX_SALT = 0xfa017;
/** Times tried per fault to find a moment with a free fitting station online. */
const TRIES = 64;

export function scheduleFaults(raws: readonly RawFault[], ctx: FaultMixContext, report: Report): ScheduledFault[] {
  if (raws.length === 0) return [];
  const random = seededRandom(deriveSeed(ctx.seed, FAULT_MIX_SALT));
  const plan = planFleet({ stations: ctx.stations, sites: ctx.sites, protocol: ctx.protocol, seed: ctx.seed, connectors: ctx.connectors });
  const used = new Set<number>();
  const scheduled: ScheduledFault[] = [];
  raws.forEach((raw, index) => {
    const path = `/faults/${index}`;
    if (!isFaultKind(raw.kind)) {
      const near = closest(raw.kind, LOAD_FAULT_KINDS);
      report(`${path}/kind`, `${JSON.stringify(raw.kind)} is not a fault kind${near ? ` (did you mean "${near}"?)` : ''}`, LOAD_FAULT_KINDS);
      return;
    }
    const kind = raw.kind;
    if (!LOAD_FAULT_KINDS.includes(kind)) {
      report(`${path}/kind`, `${kind} cannot be part of a load run's fault mix: ${NOT_IN_LOAD_RUNS[kind] ?? 'it needs more than one station'}`, LOAD_FAULT_KINDS);
      return;
    }
    const definition = FAULTS[kind];
    const checked = validateFaultParams(kind, raw.params ?? {});
    if (!checked.ok) for (const problem of checked.problems) report(`${path}/params${problem.path}`, problem.message, problem.allowed);
    if (raw.connector !== undefined && definition.scope !== 'connector') report(`${path}/connector`, `${kind} is a fault of the whole station: it takes no connector`);
    if (raw.connector !== undefined && raw.connector > ctx.connectors) report(`${path}/connector`, `connector ${raw.connector} does not exist: stations have ${ctx.connectors}`, [`1 … ${ctx.connectors}`]);

    let count = raw.count;
    if (raw.share !== undefined) {
      const share = parsePercent(raw.share);
      if (share === undefined || share > 1) {
        report(`${path}/share`, `${JSON.stringify(raw.share)} is not a share of the stations`, [`${PERCENT_HELP}, at most 100%`]);
        return;
      }
      // A share of a small fleet still injects one fault: a profile that lists a fault wants to see it.
      count = share === 0 ? 0 : Math.max(1, Math.round(share * ctx.stations));
    }
    const window = windowOf(raw.stage, ctx.stages);
    if (window === undefined) {
      const names = ctx.stages.map((s) => s.name);
      const near = raw.stage === undefined ? undefined : closest(raw.stage, names);
      report(`${path}/stage`, `no stage is named ${JSON.stringify(raw.stage)}${near ? ` (did you mean "${near}"?)` : ''}`, names);
      return;
    }
    if (!checked.ok) return;

    const fits = (i: number) => !used.has(i) && definition.protocols.includes(plan[i]?.protocol as (typeof definition.protocols)[number]);
    for (let n = 0; n < (count ?? 0); n++) {
      const placed = place(window, ctx.stages, fits, random);
      if (placed === undefined) {
        report(
          raw.share === undefined ? `${path}/count` : `${path}/share`,
          `only ${scheduled.filter((f) => f.kind === kind).length} of ${count} ${kind} faults find a station of their own online ${raw.stage === undefined ? 'during the run' : `in stage ${raw.stage}`}`,
          ['fewer faults, more stations, or a longer stage with stations online'],
        );
        return;
      }
      used.add(placed.stationIndex);
      scheduled.push({
        atMs: placed.atMs,
        stationIndex: placed.stationIndex,
        ...(definition.scope === 'connector' ? { connectorId: raw.connector ?? 1 + Math.floor(random() * ctx.connectors) } : {}),
        kind,
        params: { ...checked.params } as Record<string, unknown>,
        expectedIssue: ISSUE_RAISED_BY_FAULT[kind],
      });
    }
  });
  return scheduled.sort((a, b) => a.atMs - b.atMs || a.stationIndex - b.stationIndex);
}

/** [start, end) real ms of the named stage, or of the whole run. */
function windowOf(stage: string | undefined, stages: readonly StageSpec[]): { startMs: number; endMs: number } | undefined {
  if (stage === undefined) return { startMs: 0, endMs: totalDurationMs(stages) };
  let start = 0;
  for (const s of stages) {
    if (s.name === stage) return { startMs: start, endMs: start + s.durationMs };
    start += s.durationMs;
  }
  return undefined;
}

function place(
  window: { startMs: number; endMs: number },
  stages: readonly StageSpec[],
  fits: (index: number) => boolean,
  random: () => number,
): { atMs: number; stationIndex: number } | undefined {
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const atMs = Math.floor(window.startMs + random() * (window.endMs - window.startMs));
    const online = onlineAt(stages, atMs);
    const candidates: number[] = [];
    for (let i = 0; i < online; i++) if (fits(i)) candidates.push(i);
    if (candidates.length > 0) return { atMs, stationIndex: candidates[Math.floor(random() * candidates.length)] as number };
  }
  return undefined;
}
