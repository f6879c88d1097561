/**
 * The fault catalogue: every fault of docs/domain.md §3 by its kebab-case kind (the name scenario files use),
 * with parameter validation (and defaults) and injection into virtual stations.
 *
 *   const fault = injectFault('power-loss-resets', { stations: [station] }, faultParams('power-loss-resets', { count: 3 }), { clock, activeFaults });
 *   await fault.cleared;
 */
import { authorizationFailuresFault } from './kinds/authorization-failures.js';
import { concurrentTxFault } from './kinds/concurrent-tx.js';
import { connectionLossFault } from './kinds/connection-loss.js';
import { connectorLockFailureFault } from './kinds/connector-lock-failure.js';
import { costNotConfiguredFault } from './kinds/cost-not-configured.js';
import { crashLoopFault } from './kinds/crash-loop.js';
import { evCommunicationErrorFault } from './kinds/ev-communication-error.js';
import { groundFailureFault } from './kinds/ground-failure.js';
import { heartbeatLossFault } from './kinds/heartbeat-loss.js';
import { highTemperatureFault } from './kinds/high-temperature.js';
import { powerLossResetsFault } from './kinds/power-loss-resets.js';
import { powerMeterFailureFault } from './kinds/power-meter-failure.js';
import { readerFailureFault } from './kinds/reader-failure.js';
import { repeatedFailedSessionsFault } from './kinds/repeated-failed-sessions.js';
import { siteUplinkOutageFault } from './kinds/site-uplink-outage.js';
import { stuckFinishingFault } from './kinds/stuck-finishing.js';
import { validateParams, type ParamsResult } from './params.js';
import { pointer, ProblemsError, under, type Problem } from '../problems.js';
import type { ActiveFault, FaultContext, FaultDefinition, FaultTargets, ResolvedTargets } from './types.js';

/**
 * Every fault kind, by the name scenario files use. Adding a kind: its file under kinds/, one entry here, and
 * its name in the `faultKind` enum of scenarios/scenario.schema.json (a test keeps the two equal); its type,
 * its parameters' checks and defaults all follow from the definition.
 */
export const FAULTS = {
  'heartbeat-loss': heartbeatLossFault,
  'connection-loss': connectionLossFault,
  'site-uplink-outage': siteUplinkOutageFault,
  'ground-failure': groundFailureFault,
  'high-temperature': highTemperatureFault,
  'stuck-finishing': stuckFinishingFault,
  'power-loss-resets': powerLossResetsFault,
  'crash-loop': crashLoopFault,
  'power-meter-failure': powerMeterFailureFault,
  'connector-lock-failure': connectorLockFailureFault,
  'reader-failure': readerFailureFault,
  'ev-communication-error': evCommunicationErrorFault,
  'authorization-failures': authorizationFailuresFault,
  'concurrent-tx': concurrentTxFault,
  'cost-not-configured': costNotConfiguredFault,
  'repeated-failed-sessions': repeatedFailedSessionsFault,
};

export type FaultKind = keyof typeof FAULTS;
export const FAULT_KINDS = Object.keys(FAULTS) as readonly FaultKind[];

type ParamsOf<D> = D extends FaultDefinition<infer P> ? P : never;
/** Each kind's complete parameters, as its definition declares them. */
export type FaultParamsByKind = { [K in FaultKind]: ParamsOf<(typeof FAULTS)[K]> };
/** Complete parameters of some fault kind. */
export type FaultParams = FaultParamsByKind[FaultKind];

/** Refused fault input, every problem at its key (`/power-loss-resets/count`, or `/ground-failure` for its targets). */
export class FaultInputError extends ProblemsError {
  constructor(problems: readonly Problem[]) {
    super(problems, { code: 'CHARGEDRILL_FAULT_INPUT' });
    this.name = 'FaultInputError';
  }
}

export function isFaultKind(kind: string): kind is FaultKind {
  return Object.hasOwn(FAULTS, kind);
}

function definitionOf(kind: FaultKind): FaultDefinition<object> {
  return FAULTS[kind] as FaultDefinition<object>;
}

/**
 * Checks a fault's parameters and fills in defaults, the one place either happens: problems are at the
 * parameter's key (`/count`); never throws. A scenario is checked this way when it is loaded.
 */
export function validateFaultParams<K extends FaultKind>(kind: K, params: unknown): ParamsResult<FaultParamsByKind[K]>;
export function validateFaultParams(kind: string, params: unknown): ParamsResult<FaultParams>;
export function validateFaultParams(kind: string, params: unknown): ParamsResult<object> {
  if (!isFaultKind(kind)) return { ok: false, problems: [{ path: '', message: `fault kind ${JSON.stringify(kind)} is not allowed`, allowed: [...FAULT_KINDS] }] };
  return validateParams(definitionOf(kind).params, params);
}

/** Complete parameters from partial ones (library use, tests); throws `FaultInputError` listing every problem. */
export function faultParams<K extends FaultKind>(kind: K, params: unknown = {}): FaultParamsByKind[K] {
  const checked = validateFaultParams(kind, params);
  if (!checked.ok) throw new FaultInputError(under(pointer(kind), checked.problems));
  return checked.params;
}

/** Checks the targets against the fault's scope; returns the problems (empty when fine), each about the fault as a whole. */
export function validateFaultTargets(kind: FaultKind, targets: FaultTargets): Problem[] {
  const definition = definitionOf(kind);
  const { stations, connectorId } = targets;
  const problems: Problem[] = [];
  if (stations.length < definition.minStations) {
    problems.push({ path: '', message: `${stations.length} target station(s) is not allowed`, allowed: [`at least ${definition.minStations}`] });
  }
  if (definition.scope !== 'stations' && stations.length > 1) {
    problems.push({ path: '', message: `${stations.length} target stations is not allowed`, allowed: [`exactly 1 (it is a fault of one ${definition.scope})`] });
  }
  for (const station of stations) {
    if (!definition.protocols.includes(station.protocol)) {
      problems.push({ path: '', message: `station ${station.id} speaks ${station.protocol}`, allowed: [definition.protocols.join(' or ')] });
    }
    if (connectorId !== undefined && (!Number.isInteger(connectorId) || station.slot(connectorId) === undefined)) {
      problems.push({ path: '', message: `connector ${connectorId} is not allowed on ${station.id}`, allowed: [`1 to ${station.slots().length}`] });
    }
  }
  return problems;
}

/**
 * Injects a fault now, with complete parameters used as given (from `validateFaultParams` when a scenario
 * was loaded, or `faultParams`); throws `FaultInputError` when the targets do not fit the fault.
 * The active fault is registered in `ctx.activeFaults` (when given) so a technician can clear it.
 */
export function injectFault<K extends FaultKind>(kind: K, targets: FaultTargets, params: FaultParamsByKind[K], ctx: FaultContext): ActiveFault {
  const problems = validateFaultTargets(kind, targets);
  if (problems.length > 0) throw new FaultInputError(under(pointer(kind), problems));
  const resolved: ResolvedTargets = { stations: targets.stations, connectorId: targets.connectorId };
  const fault = definitionOf(kind).inject(resolved, params, ctx);
  ctx.activeFaults?.add(fault);
  return fault;
}
