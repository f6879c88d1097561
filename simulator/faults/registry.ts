/**
 * The fault catalogue: every fault of DOMAIN.md §3 by its kebab-case kind (the name scenario files use),
 * with parameter validation and injection into virtual stations.
 *
 *   const fault = injectFault('power-loss-resets', { stations: [station] }, { count: 3 }, { clock, activeFaults });
 *   await fault.cleared;
 */
import { authorizationFailuresFault, type AuthorizationFailuresParams } from './kinds/authorization-failures.js';
import { concurrentTxFault, type ConcurrentTxParams } from './kinds/concurrent-tx.js';
import { connectionLossFault, type ConnectionLossParams } from './kinds/connection-loss.js';
import { connectorLockFailureFault, type ConnectorLockFailureParams } from './kinds/connector-lock-failure.js';
import { costNotConfiguredFault, type CostNotConfiguredParams } from './kinds/cost-not-configured.js';
import { crashLoopFault, type CrashLoopParams } from './kinds/crash-loop.js';
import { evCommunicationErrorFault, type EvCommunicationErrorParams } from './kinds/ev-communication-error.js';
import { groundFailureFault, type GroundFailureParams } from './kinds/ground-failure.js';
import { heartbeatLossFault, type HeartbeatLossParams } from './kinds/heartbeat-loss.js';
import { highTemperatureFault, type HighTemperatureParams } from './kinds/high-temperature.js';
import { powerLossResetsFault, type PowerLossResetsParams } from './kinds/power-loss-resets.js';
import { powerMeterFailureFault, type PowerMeterFailureParams } from './kinds/power-meter-failure.js';
import { readerFailureFault, type ReaderFailureParams } from './kinds/reader-failure.js';
import { repeatedFailedSessionsFault, type RepeatedFailedSessionsParams } from './kinds/repeated-failed-sessions.js';
import { siteUplinkOutageFault, type SiteUplinkOutageParams } from './kinds/site-uplink-outage.js';
import { stuckFinishingFault, type StuckFinishingParams } from './kinds/stuck-finishing.js';
import { validateParams, type ParamsResult } from './params.js';
import { FAULT_KINDS, type ActiveFault, type FaultContext, type FaultDefinition, type FaultKind, type FaultTargets, type ResolvedTargets } from './types.js';

export interface FaultParamsByKind {
  'heartbeat-loss': HeartbeatLossParams;
  'connection-loss': ConnectionLossParams;
  'site-uplink-outage': SiteUplinkOutageParams;
  'ground-failure': GroundFailureParams;
  'high-temperature': HighTemperatureParams;
  'stuck-finishing': StuckFinishingParams;
  'power-loss-resets': PowerLossResetsParams;
  'crash-loop': CrashLoopParams;
  'power-meter-failure': PowerMeterFailureParams;
  'connector-lock-failure': ConnectorLockFailureParams;
  'reader-failure': ReaderFailureParams;
  'ev-communication-error': EvCommunicationErrorParams;
  'authorization-failures': AuthorizationFailuresParams;
  'concurrent-tx': ConcurrentTxParams;
  'cost-not-configured': CostNotConfiguredParams;
  'repeated-failed-sessions': RepeatedFailedSessionsParams;
}

export const FAULTS: { readonly [K in FaultKind]: FaultDefinition<FaultParamsByKind[K]> } = {
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

/** Refused fault input; `errors` holds one line per problem. */
export class FaultInputError extends Error {
  override readonly name = 'FaultInputError';
  readonly code = 'CHARGEDRILL_FAULT_INPUT';
  constructor(readonly errors: readonly string[]) {
    super(errors.join('; '));
  }
}

export function isFaultKind(kind: string): kind is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(kind);
}

/** Checks a fault's parameters and fills in defaults; never throws. */
export function validateFaultParams<K extends FaultKind>(kind: K, params: unknown): ParamsResult<FaultParamsByKind[K]>;
export function validateFaultParams(kind: string, params: unknown): ParamsResult<object>;
export function validateFaultParams(kind: string, params: unknown): ParamsResult<object> {
  if (!isFaultKind(kind)) return { ok: false, errors: [`fault kind ${JSON.stringify(kind)} is not allowed, expected one of ${FAULT_KINDS.join(', ')}`] };
  return validateParams(kind, (FAULTS[kind] as FaultDefinition<object>).params, params);
}

/** Checks the targets against the fault's scope; returns the problems (empty when fine). */
export function validateFaultTargets(kind: FaultKind, targets: FaultTargets): string[] {
  const definition = FAULTS[kind] as FaultDefinition<object>;
  const { stations, connectorId } = targets;
  const errors: string[] = [];
  if (stations.length < definition.minStations) {
    errors.push(`${kind}: ${stations.length} target station(s) is not allowed, expected at least ${definition.minStations}`);
  }
  if (definition.scope !== 'stations' && stations.length > 1) {
    errors.push(`${kind}: ${stations.length} target stations is not allowed, expected exactly 1 (it is a fault of one ${definition.scope})`);
  }
  for (const station of stations) {
    if (!definition.protocols.includes(station.protocol)) {
      errors.push(`${kind}: station ${station.id} speaks ${station.protocol}, expected ${definition.protocols.join(' or ')}`);
    }
    if (connectorId !== undefined && (!Number.isInteger(connectorId) || station.slot(connectorId) === undefined)) {
      errors.push(`${kind}: connector ${connectorId} is not allowed on ${station.id}, expected 1 to ${station.slots().length}`);
    }
  }
  return errors;
}

/**
 * Injects a fault now; throws `FaultInputError` listing every problem with the parameters or targets.
 * The active fault is registered in `ctx.activeFaults` (when given) so a technician can clear it.
 */
export function injectFault<K extends FaultKind>(kind: K, targets: FaultTargets, params: unknown, ctx: FaultContext): ActiveFault;
export function injectFault(kind: string, targets: FaultTargets, params: unknown, ctx: FaultContext): ActiveFault;
export function injectFault(kind: string, targets: FaultTargets, params: unknown, ctx: FaultContext): ActiveFault {
  const checked = validateFaultParams(kind, params);
  if (!isFaultKind(kind)) throw new FaultInputError(checked.ok ? [] : checked.errors);
  const errors = [...(checked.ok ? [] : checked.errors), ...validateFaultTargets(kind, targets)];
  if (!checked.ok || errors.length > 0) throw new FaultInputError(errors);
  const definition = FAULTS[kind] as FaultDefinition<object>;
  const resolved: ResolvedTargets = { stations: targets.stations, connectorId: targets.connectorId };
  const fault = definition.inject(resolved, checked.params, ctx);
  ctx.activeFaults?.add(fault);
  return fault;
}
