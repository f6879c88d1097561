/**
 * Load profile YAML → `{ name, stages, faults, thresholds, defaults }`, or every problem as
 * `file:line:column: /path: message (allowed: …)`. The same three passes as scenario files, with their machinery:
 * YAML syntax (positions kept), the JSON Schema (profiles/profile.schema.json), then what the schema cannot say
 * (ramps, percentages, stage names, thresholds, the fault mix against the fleet). Run settings: command-line
 * overrides, else the profile's `defaults:`, else LOAD_DEFAULTS.
 */
import { PLAN_DEFAULTS, type ProtocolChoice } from '../../../simulator/fleet/plan.js';
import { parseDurationMs } from '../../../simulator/duration.js';
import { ProblemsError } from '../../../simulator/problems.js';
import { compareProblems, formatProblem, type ScenarioProblem } from '../../runner/scenario/problems.js';
import { compileSchema, schemaProblems } from '../../runner/scenario/schema-check.js';
import { readYaml, type YamlSource } from '../../runner/scenario/yaml-source.js';
import type { ScheduledFault, StageSpec } from '../result.js';
import { parseThreshold, type ThresholdSpec } from '../thresholds.js';
import schema from '../../../profiles/profile.schema.json' with { type: 'json' };
import { compileChaos, type ChaosRule, type RawChaosRule } from './chaos.js';
import { scheduleFaults, type RawFault } from './fault-mix.js';
import { reporter } from './report.js';
import { buildStages, type RawMix, type RawStage } from './stages.js';

export const PROFILE_SCHEMA: Readonly<Record<string, unknown>> = schema;

export interface LoadRunSettings {
  stations: number;
  sites: number;
  protocol: ProtocolChoice;
  connectors: number;
  timeScale: number;
  seed: number;
}

/** Used when neither a flag nor the profile says: the `fleet` command's own defaults, sites one per 10 stations. */
export const LOAD_DEFAULTS: Omit<LoadRunSettings, 'sites'> = { stations: 100, protocol: 'ocpp1.6', connectors: PLAN_DEFAULTS.connectors, timeScale: 1, seed: 1 };

export interface CompiledProfile {
  name: string;
  description?: string;
  /** The file it was read from, as shown in problems. */
  file: string;
  stages: StageSpec[];
  faults: ScheduledFault[];
  thresholds: ThresholdSpec[];
  /** Network chaos rules (profiles/chaos.ts); empty: a clean network. */
  chaos: ChaosRule[];
  /** The run's settings after overrides. */
  defaults: LoadRunSettings;
}

interface RawProfile {
  name: string;
  description?: string;
  defaults?: Partial<LoadRunSettings>;
  sessionsPerHour?: number;
  mix?: RawMix;
  stages: RawStage[];
  thresholds?: (string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string })[];
  faults?: RawFault[];
  chaos?: RawChaosRule[];
}

export type ProfileParseResult = { ok: true; profile: CompiledProfile } | { ok: false; problems: ScenarioProblem[] };

/** Refused profile (CLI exit 2): every problem with its position. */
export class LoadProfileError extends ProblemsError {
  declare readonly problems: readonly ScenarioProblem[];
  constructor(problems: readonly ScenarioProblem[]) {
    super(problems, { code: 'CD_ERR_LOAD_PROFILE' }, `invalid load profile:\n  ${problems.map(formatProblem).join('\n  ')}`);
    this.name = 'LoadProfileError';
  }
}

let validate: ReturnType<typeof compileSchema> | undefined;

/** Parses and compiles one profile; `fileName` is only used in positions. Never throws for bad input. */
export function parseProfile(text: string, fileName: string, overrides: Partial<LoadRunSettings> = {}): ProfileParseResult {
  const read = readYaml(text, fileName);
  if (!read.ok) return read;
  validate ??= compileSchema(PROFILE_SCHEMA);
  const invalid = schemaProblems(read.source, validate);
  if (invalid.length > 0) return { ok: false, problems: invalid.sort(compareProblems) };
  return compileProfile(read.source, overrides);
}

function compileProfile(source: YamlSource, overrides: Partial<LoadRunSettings>): ProfileParseResult {
  const raw = source.data as RawProfile;
  const problems: ScenarioProblem[] = [];
  const report = reporter(source, problems);
  const given = { ...raw.defaults, ...definedOnly(overrides) };
  const stations = given.stations ?? LOAD_DEFAULTS.stations;
  const settings: LoadRunSettings = {
    ...LOAD_DEFAULTS,
    ...given,
    stations,
    sites: given.sites ?? Math.max(1, Math.floor(stations / 10)),
  };
  if (settings.sites > settings.stations) {
    report(raw.defaults?.sites === undefined ? '' : '/defaults/sites', `${settings.sites} sites is more than the ${settings.stations} stations`, [`at most ${settings.stations}`]);
  }
  const stages = buildStages(raw.stages, { stations: settings.stations, sessionsPerHour: raw.sessionsPerHour ?? 0, mix: raw.mix }, report);
  const thresholds = (raw.thresholds ?? []).flatMap((item, index): ThresholdSpec[] => {
    const path = typeof item === 'string' ? `/thresholds/${index}` : `/thresholds/${index}/threshold`;
    const { line, column } = source.positionOf(path);
    const expression = typeof item === 'string' ? item : item.threshold;
    const options = typeof item === 'string' ? {} : { abortOnFail: item.abortOnFail ?? false, delayAbortEvalMs: item.delayAbortEval === undefined ? 0 : (parseDurationMs(item.delayAbortEval) as number) };
    const parsed = parseThreshold(expression, `${source.file}:${line}:${column}`, options);
    if (parsed.ok) return [parsed.spec];
    report(path, parsed.problem.message, parsed.problem.allowed);
    return [];
  });
  // Faults are placed on the stages as written; with bad stages their times would mean nothing.
  const faults = problems.length > 0 ? [] : scheduleFaults(raw.faults ?? [], { ...settings, stages }, report);
  const chaos = compileChaos(raw.chaos, report);
  if (problems.length > 0) return { ok: false, problems: problems.sort(compareProblems) };
  return {
    ok: true,
    profile: { name: raw.name, ...(raw.description === undefined ? {} : { description: raw.description }), file: source.file, stages, faults, thresholds, chaos, defaults: settings },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
