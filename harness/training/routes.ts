/**
 * The training API on the CSMS's HTTP server (docs/training.md):
 *   GET  /api/drills/catalogue        {tiers, parts, severities, issueTypes}
 *   GET  /api/drills                  every drill
 *   POST /api/drills                  {trainee, station, connector?, fault: {kind, params?}} → 201 the drill
 *   GET  /api/drills/:id
 *   POST /api/drills/:id/actions      {type, ...} → the drill (closing scores it)
 *   POST /api/clock                   {paused: boolean} → {paused, now, timeScale}
 *   POST /api/training/reset          faults cleared, drills ended, connectors back in service
 * Bad input is 400 {error, problems: [{path, message, allowed}]}; 404 unknown drill; 409 when the state forbids it.
 */
import { answer } from '../control/server.js';
import { BodyReader } from '../control/input.js';
import type { ApiRoute } from '../csms/http-api.js';
import { readJsonObject } from '../csms/http-util.js';
import { ISSUE_TYPES, SEVERITIES } from '../issues/catalogue.js';
import { ESCALATION_TARGETS } from '../issues/teams.js';
import { PARTS, type DrillBook } from './drills.js';
import type { PausableClock } from './pausable-clock.js';

export interface TrainingControls {
  drills: DrillBook;
  clock: PausableClock;
  reset(): Promise<unknown>;
}

export function drillCatalogue(): Record<string, unknown> {
  return {
    tiers: [...ESCALATION_TARGETS],
    parts: [...PARTS],
    severities: [...SEVERITIES],
    issueTypes: Object.entries(ISSUE_TYPES).map(([type, record]) => ({ type, code: record.code, title: record.title, severity: record.severity, part: record.part })),
  };
}

export function trainingRoutes(training: TrainingControls): ApiRoute[] {
  const { drills, clock } = training;
  const clockView = () => ({ paused: clock.paused, now: new Date(clock.now()).toISOString(), timeScale: clock.timeScale });
  return [
    // Before /api/drills/:id, which the same path would match.
    { pattern: /^\/api\/drills\/catalogue$/, method: 'GET', run: answer(() => [200, drillCatalogue()]) },
    { pattern: /^\/api\/drills$/, method: 'GET', run: answer(() => [200, drills.list()]) },
    { pattern: /^\/api\/drills$/, method: 'POST', run: answer(async (req) => [201, drills.start(await readJsonObject(req))]) },
    { pattern: /^\/api\/drills\/([^/]+)$/, method: 'GET', run: answer((_req, [id]) => [200, drills.get(id as string)]) },
    { pattern: /^\/api\/drills\/([^/]+)\/actions$/, method: 'POST', run: answer(async (req, [id]) => [200, await drills.act(id as string, await readJsonObject(req))]) },
    { pattern: /^\/api\/clock$/, method: 'GET', run: answer(() => [200, clockView()]) },
    {
      pattern: /^\/api\/clock$/,
      method: 'POST',
      run: answer(async (req) => {
        const input = new BodyReader(await readJsonObject(req), ['paused']);
        const paused = input.raw('paused');
        if (typeof paused !== 'boolean') input.report({ path: '/paused', message: paused === undefined ? 'is required' : `${JSON.stringify(paused)} is not allowed`, allowed: ['true', 'false'] });
        input.done('cannot set the clock');
        if (paused === true) clock.pause();
        else clock.resume();
        return [200, clockView()];
      }),
    },
    { pattern: /^\/api\/training\/reset$/, method: 'POST', run: answer(async () => [200, await training.reset()]) },
  ];
}
