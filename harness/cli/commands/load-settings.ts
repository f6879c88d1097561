/**
 * `chargedrill load`'s run settings from the flags and an optional `--profile`: the profile gives stages, faults,
 * thresholds and defaults; a flag given on the command line overrides a default; without a profile the stages
 * come from --stations/--ramp/--duration/--sessions-per-hour. Everything bad is a UsageError (exit 2) before
 * anything starts: a profile problem as `file:line:column: ...`, a threshold by its expression.
 */
import type { ProtocolChoice } from '../../../simulator/fleet/plan.js';
import type { ScheduledFault, StageSpec } from '../../load/result.js';
import type { ChaosRule } from '../../load/profiles/chaos.js';
import type { ThresholdOptions, ThresholdSpec } from '../../load/thresholds.js';
import { durationMs, nonNegativeNumber, positiveInt, positiveNumber, UsageError } from '../usage.js';

/** Defaults of the flags that a profile's `defaults:` may give instead (so the flags have no yargs default). */
/** A sanity bound only: what this machine can hold is checked before the run connects (harness/load/limits.ts). */
export const MAX_STATIONS = 1_000_000;

export const RUN_FLAG_DEFAULTS = { stations: 100, protocol: 'ocpp1.6', connectors: 2, timeScale: 1, seed: 1, ramp: 100, duration: '30s', sessionsPerHour: 0 } as const;

export interface RunSettings {
  stations: number;
  sites: number;
  protocol: ProtocolChoice;
  connectors: number;
  seed: number;
  timeScale: number;
  stages: StageSpec[];
  faults: ScheduledFault[];
  thresholds: ThresholdSpec[];
  /** The profile's network chaos rules (none without a profile). */
  chaos: ChaosRule[];
  profile?: { name: string; file: string };
}

function protocolFlag(value: unknown): ProtocolChoice {
  const protocol = String(value);
  if (protocol !== 'ocpp1.6' && protocol !== 'ocpp2.0.1' && protocol !== 'mix') {
    throw new UsageError(`--protocol must be one of ocpp1.6, ocpp2.0.1, mix, got ${JSON.stringify(value)}`);
  }
  return protocol;
}

function seedFlag(value: unknown): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number of 0 or more, got ${JSON.stringify(value)}`);
  return seed;
}

const given = (argv: Record<string, unknown>, flag: string) => argv[flag] !== undefined;

export async function readRunSettings(argv: Record<string, unknown>): Promise<RunSettings> {
  const thresholds = await thresholdFlags(argv.threshold, abortOnFailFlags(argv));
  if (typeof argv.profile === 'string') {
    const settings = await profileSettings(argv, argv.profile);
    return { ...settings, thresholds: [...settings.thresholds, ...thresholds] };
  }
  if (argv.profile !== undefined) throw new UsageError('--profile takes one profile name or file');
  const stations = positiveInt('stations', argv.stations ?? RUN_FLAG_DEFAULTS.stations, MAX_STATIONS);
  const rampPerS = positiveNumber('ramp', argv.ramp ?? RUN_FLAG_DEFAULTS.ramp);
  // 0: stop right after the ramp (once every station has booted or the boot timeout passed).
  const holdMs = durationMs('duration', argv.duration ?? RUN_FLAG_DEFAULTS.duration, { min: 0 });
  const sessionsPerHour = nonNegativeNumber('sessions-per-hour', argv['sessions-per-hour'] ?? RUN_FLAG_DEFAULTS.sessionsPerHour);
  const { stagesFromFlags } = await import('../../load/flag-stages.js');
  return {
    stations,
    sites: argv.sites === undefined ? Math.max(1, Math.floor(stations / 10)) : positiveInt('sites', argv.sites, stations),
    protocol: protocolFlag(argv.protocol ?? RUN_FLAG_DEFAULTS.protocol),
    connectors: positiveInt('connectors', argv.connectors ?? RUN_FLAG_DEFAULTS.connectors, 32),
    seed: seedFlag(argv.seed ?? RUN_FLAG_DEFAULTS.seed),
    timeScale: positiveNumber('time-scale', argv['time-scale'] ?? RUN_FLAG_DEFAULTS.timeScale),
    stages: stagesFromFlags({ stations, rampPerS, durationMs: holdMs, sessionsPerHour }),
    faults: [],
    thresholds,
    chaos: [],
  };
}

async function profileSettings(argv: Record<string, unknown>, ref: string): Promise<RunSettings> {
  // The profile's stages say how the fleet ramps and holds: these flags would be silently ignored.
  const stageFlag = ['ramp', 'duration', 'sessions-per-hour'].find((flag) => given(argv, flag));
  if (stageFlag !== undefined) throw new UsageError(`--${stageFlag} cannot be combined with --profile: the profile's stages set it (edit a copy of the profile instead)`);
  const overrides = {
    ...(given(argv, 'stations') && { stations: positiveInt('stations', argv.stations, MAX_STATIONS) }),
    ...(given(argv, 'sites') && { sites: positiveInt('sites', argv.sites, MAX_STATIONS) }),
    ...(given(argv, 'protocol') && { protocol: protocolFlag(argv.protocol) }),
    ...(given(argv, 'connectors') && { connectors: positiveInt('connectors', argv.connectors, 32) }),
    ...(given(argv, 'seed') && { seed: seedFlag(argv.seed) }),
    ...(given(argv, 'time-scale') && { timeScale: positiveNumber('time-scale', argv['time-scale']) }),
  };
  const [{ loadProfile }, { formatProblem }] = await Promise.all([import('../../load/profiles/builtin.js'), import('../../runner/scenario/problems.js')]);
  try {
    const profile = await loadProfile(ref, overrides);
    const d = profile.defaults;
    return {
      stations: d.stations,
      sites: d.sites,
      protocol: d.protocol,
      connectors: d.connectors,
      seed: d.seed,
      timeScale: d.timeScale,
      stages: profile.stages,
      faults: profile.faults,
      thresholds: profile.thresholds,
      chaos: profile.chaos,
      profile: { name: profile.name, file: profile.file },
    };
  } catch (error) {
    if (!(error instanceof Error && error.name === 'LoadProfileError')) throw error;
    const problems = (error as Error & { problems: Parameters<typeof formatProblem>[0][] }).problems;
    throw new UsageError(profileRefusal(problems, formatProblem));
  }
}

/** The one line a refused profile gets: its first problem, and how many more (docs/load.md shows it verbatim). */
export function profileRefusal<P>(problems: readonly P[], format: (problem: P) => string): string {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return `--profile: ${format(problems[0] as P)}${more}`;
}

/** `--abort-on-fail [--abort-on-fail-delay D]`: applies to the command line's thresholds, not the profile's (those say it per threshold). */
function abortOnFailFlags(argv: Record<string, unknown>): ThresholdOptions {
  const abortOnFail = argv['abort-on-fail'] === true;
  if (argv['abort-on-fail-delay'] === undefined) return { abortOnFail };
  if (!abortOnFail) throw new UsageError('--abort-on-fail-delay needs --abort-on-fail');
  return { abortOnFail, delayAbortEvalMs: durationMs('abort-on-fail-delay', argv['abort-on-fail-delay'], { min: 0 }) };
}

async function thresholdFlags(value: unknown, options: ThresholdOptions): Promise<ThresholdSpec[]> {
  const expressions = [value ?? []].flat().map(String);
  if (options.abortOnFail && expressions.length === 0) throw new UsageError('--abort-on-fail applies to --threshold expressions: give at least one');
  if (expressions.length === 0) return [];
  const { parseThreshold } = await import('../../load/thresholds.js');
  return expressions.map((expression) => {
    const parsed = parseThreshold(expression, '--threshold', options);
    if (parsed.ok) return parsed.spec;
    const allowed = parsed.problem.allowed?.length ? ` (allowed: ${parsed.problem.allowed.join(', ')})` : '';
    throw new UsageError(`--threshold: ${parsed.problem.message}${allowed}`);
  });
}
