/**
 * The `csms:` section: bundled-CSMS options and detector / desk overrides, converted to the config
 * objects those modules take (durations → `…Ms` keys) and checked by their own validators, so a
 * setting the schema lets through but the module refuses is still caught before the run.
 */
import { validateDetectorConfig } from '../../detector/config.js';
import type { DetectorConfig } from '../../detector/config.js';
import { validatePlaybookConfig } from '../../playbook/config.js';
import type { PlaybookConfigInput } from '../../playbook/config.js';
import { parseDurationMs } from '../../../simulator/duration.js';
import type { Problem } from '../../../simulator/problems.js';
import type { CsmsSetup, FleetSpec } from './model.js';
import type { RawCsms } from './raw.js';
import { SCENARIO_SCHEMA } from './schema.js';
import { fleetSites } from './selectors.js';

/** Path: JSON pointer from the document root. */
export type SetupProblem = Problem;

const DURATION_REF = '#/definitions/duration';

interface PropertySchemas {
  properties: Record<string, { $ref?: string }>;
}

/** Which settings of a section are durations, read from the schema so the two cannot drift apart. */
function durationKeys(definition: 'detector' | 'desk'): Set<string> {
  const definitions = SCENARIO_SCHEMA['definitions'] as Record<string, PropertySchemas>;
  const properties = definitions[definition]?.properties ?? {};
  return new Set(Object.keys(properties).filter((key) => properties[key]?.$ref === DURATION_REF));
}

/** `stuckFinishing: 15m` → `stuckFinishingMs: 900000`; other settings unchanged. */
export function toConfigKeys(section: Record<string, unknown>, definition: 'detector' | 'desk'): Record<string, unknown> {
  const durations = durationKeys(definition);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    if (durations.has(key)) config[`${key}Ms`] = parseDurationMs(String(value));
    else if (key === 'verifyAvailableWithin') {
      config['verifyAvailableWithinMs'] = Object.fromEntries(
        Object.entries(value as Record<string, string>).map(([step, text]) => [step, parseDurationMs(text)]),
      );
    } else config[key] = value;
  }
  return config;
}

/** A module's problem (at a config key, `/stuckFinishingMs`) as a problem at the file's key (`/csms/detector/stuckFinishing`). */
function atFileKey(base: string, problem: Problem): SetupProblem {
  if (problem.path === '') return { ...problem, path: base };
  // toConfigKeys appends `Ms` to the durations of the top level only.
  const [key = '', ...rest] = problem.path.slice(1).split('/');
  const fileKey = key.endsWith('Ms') ? key.slice(0, -2) : key;
  return { ...problem, path: [base, fileKey, ...rest].join('/') };
}

export function buildCsmsSetup(raw: RawCsms | undefined, fleet: FleetSpec): { setup: CsmsSetup; problems: SetupProblem[] } {
  const problems: SetupProblem[] = [];
  const heartbeatIntervalMs = raw?.heartbeatInterval === undefined ? fleet.heartbeatIntervalMs : (parseDurationMs(raw.heartbeatInterval) as number);
  // The fleet's own interval is checked where it is written.
  if (raw?.heartbeatInterval !== undefined && !isWholeSeconds(heartbeatIntervalMs)) {
    problems.push({ path: '/csms/heartbeatInterval', message: `${raw.heartbeatInterval} is not a whole number of seconds (OCPP intervals are)`, allowed: ['1s or more, in whole seconds'] });
  }
  (raw?.sitesWithoutTariff ?? []).forEach((site, i) => {
    if (!fleet.siteIds.includes(site)) {
      problems.push({ path: `/csms/sitesWithoutTariff/${i}`, message: `site "${site}" is not in the fleet`, allowed: fleetSites(fleet) });
    }
  });
  const detector = toConfigKeys(raw?.detector ?? {}, 'detector');
  for (const problem of validateDetectorConfig(detector)) problems.push(atFileKey('/csms/detector', problem));
  const desk = toConfigKeys(raw?.desk ?? {}, 'desk');
  for (const problem of validatePlaybookConfig(desk)) problems.push(atFileKey('/csms/desk', problem));
  return {
    setup: {
      heartbeatIntervalMs,
      bootStatus: raw?.bootStatus ?? 'Accepted',
      sitesWithoutTariff: raw?.sitesWithoutTariff ?? [],
      idTags: raw?.idTags ?? {},
      detector: detector as Partial<DetectorConfig>,
      desk: desk as PlaybookConfigInput,
    },
    problems,
  };
}

export function isWholeSeconds(ms: number): boolean {
  return ms >= 1_000 && ms % 1_000 === 0;
}
