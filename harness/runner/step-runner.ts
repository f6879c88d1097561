/**
 * Runs a scenario's steps at their simulated times, in file order. Each step is logged when it actually
 * ran: `within` budgets count from there, so a step the event loop delayed does not eat into the CSMS's budget.
 */
import { formatDurationMs as durationText } from '../../simulator/duration.js';
import type { ActiveFaults } from '../../simulator/faults/active-faults.js';
import { injectFault } from '../../simulator/faults/registry.js';
import { deriveSeed, seededRandom } from '../../simulator/random.js';
import { iso14443Uid } from '../../simulator/station/tokens.js';
import type { CsmsTarget } from './csms/target.js';
import type { ObservationLog } from './observations.js';
import { StationReplay } from './replay.js';
import type { ScenarioFleet } from './scenario-fleet.js';
import type { ClearStep, CommandStep, FaultStep, SessionStep, Step } from './scenario/model.js';
import { describeTarget } from './scenario/steps.js';
import type { TrackedClock } from './tracked-clock.js';

/** Default session tokens are numbered per step: room for this many stations per step before serials overlap. */
const SESSION_TOKENS_PER_STEP = 100_000;
const SESSION_TOKEN_SALT = 0x5e55;

export interface StepDeps {
  fleet: ScenarioFleet;
  csms: CsmsTarget;
  clock: TrackedClock;
  log: ObservationLog;
  activeFaults: ActiveFaults;
  seed: number;
}

/** Resolves when the last step has run; rejects with the first step that could not be run. */
export async function runSteps(steps: readonly Step[], deps: StepDeps): Promise<void> {
  const { clock, log } = deps;
  const replay = new StationReplay(deps.fleet, log);
  replay.prepare(steps);
  for (const step of steps) {
    const waitMs = log.startEpochMs + step.atMs - clock.now();
    if (waitMs > 0) await clock.sleep(waitMs);
    const atMs = log.relative(clock.now());
    try {
      await runStep(step, atMs, deps, replay);
    } catch (error) {
      throw new Error(`step ${step.index}${step.name ? ` (${step.name})` : ''} at ${durationText(step.atMs)} (${step.source.file}:${step.source.line}): ${(error as Error).message}`, { cause: error });
    }
    log.step(step.index, atMs);
  }
}

async function runStep(step: Step, atMs: number, deps: StepDeps, replay: StationReplay): Promise<void> {
  const { log } = deps;
  switch (step.kind) {
    case 'session':
      return startSessions(step, atMs, deps);
    case 'fault':
      return inject(step, atMs, deps);
    case 'clear':
      return clear(step, atMs, deps);
    case 'command':
      return command(step, atMs, deps);
    case 'wait':
      log.note(atMs, 'step', step.name ? `wait (${step.name})` : 'wait');
      return;
    case 'replay':
      return replay.run(step, atMs);
    case 'restart-csms': {
      if (!deps.csms.restart) throw new Error('this CSMS cannot be restarted by the runner');
      log.note(atMs, 'step', 'CSMS stopped and started again on the same database');
      await deps.csms.restart();
      return;
    }
  }
}

function startSessions(step: SessionStep, atMs: number, { fleet, log, seed }: StepDeps): void {
  const random = seededRandom(deriveSeed(seed, 20_000 + step.index));
  step.target.stationIds.forEach((stationId, i) => {
    const station = fleet.station(stationId);
    // A fresh RFID card per session unless the file names a token: a 7-byte UID, unique per step and station.
    const idTag = step.idTag ?? iso14443Uid({ random, serial: (deriveSeed(seed, SESSION_TOKEN_SALT) + step.index * SESSION_TOKENS_PER_STEP + i) >>> 0 }, 7);
    void station
      .runSession({
        connectorId: step.connectorId,
        idTag,
        durationS: step.durationMs / 1_000,
        ...(step.powerW !== undefined ? { powerW: step.powerW } : {}),
        unplugAfterS: step.unplugAfterMs / 1_000,
      })
      .then((result) => {
        if (result.refusedStatus === undefined) return;
        const refusal = { stationId, connectorId: step.connectorId, idTag, status: result.refusedStatus };
        log.sessionRefused({ ...refusal, atMs: log.relative(station.clock.now()) });
      })
      .catch((error: unknown) => log.note(log.relative(station.clock.now()), 'step', `session on ${stationId} failed: ${(error as Error).message}`, { stationId }));
  });
  log.note(atMs, 'step', `session on ${describeTarget(step.target.stationIds)} connector ${step.connectorId} for ${durationText(step.durationMs)}`, where(step.target.stationIds));
}

function inject(step: FaultStep, atMs: number, { fleet, clock, log, activeFaults, seed }: StepDeps): void {
  const stations = fleet.stations(step.target.stationIds);
  injectFault(step.fault, { stations, ...(step.connectorId !== undefined ? { connectorId: step.connectorId } : {}) }, step.params, {
    clock,
    activeFaults,
    random: seededRandom(deriveSeed(seed, 10_000 + step.index)),
  });
  const connector = step.connectorId !== undefined ? ` connector ${step.connectorId}` : '';
  const target = 'site' in step.target.selector && !('count' in step.target.selector) ? `site ${step.target.selector.site}` : describeTarget(step.target.stationIds);
  log.note(atMs, 'fault', `${step.fault} injected on ${target}${connector}`, { ...where(step.target.stationIds), ...(step.connectorId !== undefined ? { connectorId: step.connectorId } : {}) });
}

function clear(step: ClearStep, atMs: number, { activeFaults, log }: StepDeps): void {
  const cleared = new Set<string>();
  for (const stationId of step.target.stationIds) {
    for (const fault of activeFaults.forStation(stationId, step.connectorId !== undefined ? { connectorId: step.connectorId } : {})) {
      if (fault.kind !== step.fault || cleared.has(fault.id)) continue;
      cleared.add(fault.id);
      fault.clear('manual');
    }
  }
  const what = cleared.size > 0 ? 'cleared' : 'was no longer active';
  log.note(atMs, 'step', `${step.fault} on ${describeTarget(step.target.stationIds)} ${what}`, where(step.target.stationIds));
}

function command(step: CommandStep, atMs: number, { csms, log, clock }: StepDeps): void {
  const send = csms.sendCommand?.bind(csms);
  if (!send) throw new Error('this CSMS offers no way to send operator commands');
  for (const stationId of step.target.stationIds) {
    // Not awaited: a station that never answers must not hold up the steps after it.
    send(stationId, step.action, step.payload).then(
      (response) => log.note(log.relative(clock.now()), 'step', `operator ${step.action} to ${stationId} answered ${JSON.stringify(response)}`, { stationId }),
      (error: unknown) => log.note(log.relative(clock.now()), 'step', `operator ${step.action} to ${stationId} failed: ${(error as Error).message}`, { stationId }),
    );
  }
  log.note(atMs, 'step', `operator sends ${step.action} ${JSON.stringify(step.payload)} to ${describeTarget(step.target.stationIds)}`, where(step.target.stationIds));
}

function where(stationIds: readonly string[]): { stationId?: string } {
  return stationIds.length === 1 ? { stationId: stationIds[0] as string } : {};
}
