/**
 * Scenario files → `Scenario`s, or every problem with `file:line:column`. Three passes, each only on
 * what the previous one accepted: YAML syntax, the JSON Schema, then what the schema cannot say
 * (the fleet, time order, names, deadlines, fault parameters). Nothing throws for a bad file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { IssueType } from '../../issues/catalogue.js';
import { parseDurationMs } from '../../../simulator/duration.js';
import { buildChaos } from './chaos.js';
import { BuildContext } from './context.js';
import { buildCsmsSetup, isWholeSeconds } from './csms-setup.js';
import { buildExpectations } from './expectations.js';
import { catalogueFaultParams } from '../fault-validator.js';
import type { FaultParamsValidator } from './fault-params.js';
import { SCENARIO_DEFAULTS } from './model.js';
import type { Scenario } from './model.js';
import { compareProblems } from './problems.js';
import type { ScenarioProblem } from './problems.js';
import type { RawScenario } from './raw.js';
import { schemaProblems } from './schema-check.js';
import { fleetSpec } from './selectors.js';
import { buildSteps } from './steps.js';
import { readYaml } from './yaml-source.js';

export interface LoadOptions {
  /** Checks and completes fault parameters; default: the fault catalogue's (tests pass their own). */
  validateFaultParams?: FaultParamsValidator;
}

export type ScenarioParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

export interface SuiteResult {
  scenarios: Scenario[];
  /** Problems of every file, sorted by file and position; the suite must not run unless empty. */
  problems: ScenarioProblem[];
}

/** Parses one scenario; `fileName` is only used in positions and problems. */
export function parseScenario(text: string, fileName: string, options: LoadOptions = {}): ScenarioParseResult {
  const read = readYaml(text, fileName);
  if (!read.ok) return read;
  const { source } = read;
  const invalid = schemaProblems(source);
  if (invalid.length > 0) return { ok: false, problems: invalid.sort(compareProblems) };

  const raw = source.data as RawScenario;
  const seed = raw.seed ?? SCENARIO_DEFAULTS.seed;
  const heartbeatIntervalMs = raw.fleet.heartbeatInterval === undefined ? SCENARIO_DEFAULTS.heartbeatIntervalMs : (parseDurationMs(raw.fleet.heartbeatInterval) as number);
  const fleet = fleetSpec(
    { sites: raw.fleet.sites, stationsPerSite: raw.fleet.stationsPerSite, connectors: raw.fleet.connectors ?? SCENARIO_DEFAULTS.connectors, heartbeatIntervalMs, ...(raw.fleet.featureProfiles && { featureProfiles: raw.fleet.featureProfiles }) },
    raw.protocol,
    seed,
  );
  const ctx = new BuildContext(source, raw.protocol, fleet);
  if (!isWholeSeconds(heartbeatIntervalMs)) {
    ctx.report('/fleet/heartbeatInterval', `${raw.fleet.heartbeatInterval} is not a whole number of seconds (OCPP intervals are)`, ['1s or more, in whole seconds']);
  }
  const csms = buildCsmsSetup(raw.csms, fleet);
  for (const problem of csms.problems) ctx.report(problem.path, problem.message, problem.allowed);

  const technician = {
    travelMs: raw.technician?.travelTime === undefined ? SCENARIO_DEFAULTS.technicianTravelMs : (parseDurationMs(raw.technician.travelTime) as number),
    repairMs: raw.technician?.repairTime === undefined ? SCENARIO_DEFAULTS.technicianRepairMs : (parseDurationMs(raw.technician.repairTime) as number),
    testSession: raw.technician?.testSession ?? SCENARIO_DEFAULTS.technicianTestSession,
  };
  const chaos = buildChaos(raw.chaos, ctx);
  const steps = buildSteps(raw.steps, ctx, options.validateFaultParams ?? catalogueFaultParams);
  const lastStepAtMs = Math.max(0, ...raw.steps.map((step) => parseDurationMs(step.at) as number));
  const durationMs = raw.duration === undefined ? SCENARIO_DEFAULTS.durationMs : (parseDurationMs(raw.duration) as number);
  const endMs = lastStepAtMs + durationMs;
  const expectations = buildExpectations(raw.expect, ctx, { steps, endMs, lastStepAtMs, technician });

  if (ctx.problems.length > 0) return { ok: false, problems: ctx.problems.sort(compareProblems) };
  return {
    ok: true,
    scenario: {
      file: fileName,
      source: ctx.at('/name'),
      name: raw.name,
      summary: raw.summary,
      tags: raw.tags ?? [],
      protocol: raw.protocol,
      timeScale: raw.timeScale ?? SCENARIO_DEFAULTS.timeScale,
      seed,
      fleet,
      csms: csms.setup,
      technician,
      ...(chaos !== undefined && { chaos }),
      durationMs,
      endMs,
      steps,
      expectations,
      allowIssues: (raw.allowIssues ?? []) as IssueType[],
    },
  };
}

/** Reads and parses one file; an unreadable file is a problem like any other. */
export async function loadScenarioFile(path: string, options: LoadOptions = {}): Promise<ScenarioParseResult> {
  const fileName = displayName(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ file: fileName, line: 1, column: 1, path: '', message: `cannot read the file: ${(error as Error).message}` }] };
  }
  return parseScenario(text, fileName, options);
}

const SCENARIO_FILE = /\.ya?ml$/;

/**
 * Loads a suite: files as given, directories searched recursively for `.yaml`/`.yml` (sorted, so the
 * suite runs in the same order everywhere). Scenario names must be unique across the suite.
 */
export async function loadScenarios(paths: readonly string[], options: LoadOptions = {}): Promise<SuiteResult> {
  const problems: ScenarioProblem[] = [];
  const files: string[] = [];
  for (const path of paths) {
    try {
      files.push(...((await stat(path)).isDirectory() ? await scenarioFilesIn(path) : [path]));
    } catch (error) {
      problems.push({ file: displayName(path), line: 1, column: 1, path: '', message: `cannot read: ${(error as Error).message}` });
    }
  }
  const scenarios: Scenario[] = [];
  const byName = new Map<string, Scenario>();
  for (const file of [...new Set(files)]) {
    const result = await loadScenarioFile(file, options);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const { scenario } = result;
    const first = byName.get(scenario.name);
    if (first) {
      problems.push({ ...scenario.source, path: '/name', message: `scenario name "${scenario.name}" is already used by ${first.file}` });
      continue;
    }
    byName.set(scenario.name, scenario);
    scenarios.push(scenario);
  }
  return { scenarios, problems: problems.sort(compareProblems) };
}

async function scenarioFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await scenarioFilesIn(path)));
    else if (entry.isFile() && SCENARIO_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

/** Paths in problems relative to the working directory, as editors and CI logs link them. */
function displayName(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') ? path : shown;
}
