/**
 * What the Faulted-code faults share (GroundFailure, HighTemperature, PowerMeterFailure,
 * ConnectorLockFailure, ReaderFailure, EVCommunicationError): the connector reports Faulted with the
 * error code, info and vendorErrorCode (2.0.1: StatusNotification Faulted plus NotifyEvent on the
 * fault's device-model component), a running session stops, and the fault stays through reboots
 * until its clearing rule is met. The station keeps a Faulted connector Faulted across a reset, which
 * is what makes a reset harmless to a safety fault's record but useless as a fix.
 */
import type { ChargePointErrorCode } from '../vocabulary/error-codes.js';
import type { FaultComponent } from '../station/dialect.js';
import type { VirtualStation } from '../station/station.js';
import { holdBehaviour } from './behaviour-lease.js';
import { commandWatcher, resetClearReason, resetReaches, type ResetLevel } from './commands.js';
import { FaultHandle } from './handle.js';
import { text, type ParamSpec } from './params.js';
import type { ActiveFault, ClearingRule, FaultContext, ResolvedTargets } from './types.js';

/** The wire details every connector fault lets a scenario set. */
export interface ConnectorFaultDetails {
  info: string;
  vendorErrorCode: string;
}

/** OCPP 1.6 caps both fields at 50 characters; 2.0.1 techCode is 50 as well. */
const DETAIL_MAX_CHARS = 50;

export function detailParams(defaults: ConnectorFaultDetails): { info: ParamSpec<string>; vendorErrorCode: ParamSpec<string> } {
  return {
    info: text({ default: defaults.info, maxLength: DETAIL_MAX_CHARS, description: 'Free text the station reports with the error (1.6 info, 2.0.1 techInfo).' }),
    vendorErrorCode: text({
      default: defaults.vendorErrorCode,
      maxLength: DETAIL_MAX_CHARS,
      description: "The manufacturer's own error code (1.6 vendorErrorCode; in 2.0.1 part of techInfo).",
    }),
  };
}

export interface ConnectorFaultOptions extends ConnectorFaultDetails {
  kind: string;
  errorCode: ChargePointErrorCode;
  source: FaultComponent;
  clearingRule: ClearingRule;
  /** Without a connector in the targets: every connector (a station-wide part such as the RFID reader), else connector 1. */
  allConnectorsByDefault?: boolean;
  /** A reset at least this strong clears it, after the reboot. Absent: no reset helps. */
  resetClears?: ResetLevel;
  /** The reset only helps after an accepted UnlockConnector for the connector (a lock actuator freed first). */
  unlockBeforeReset?: boolean;
  /** UnlockConnector answers UnlockFailed while the fault lasts. */
  refuseUnlock?: boolean;
  /** Clears by itself after this many simulated seconds (0: never). */
  selfClearAfterS?: number;
}

export function connectorIdsOf(station: VirtualStation, targets: ResolvedTargets, allByDefault: boolean): number[] {
  if (targets.connectorId !== undefined) return [targets.connectorId];
  return allByDefault ? station.slots().map((slot) => slot.connector.id) : [1];
}

export function injectConnectorFault(targets: ResolvedTargets, ctx: FaultContext, options: ConnectorFaultOptions): ActiveFault {
  const station = targets.stations[0] as VirtualStation;
  const connectorIds = connectorIdsOf(station, targets, options.allConnectorsByDefault === true);
  const releases: (() => void)[] = [];
  const handle = new FaultHandle({
    kind: options.kind,
    targets: { stations: [station], connectorId: connectorIds.length === 1 ? connectorIds[0] : undefined },
    clearingRule: options.clearingRule,
    clock: ctx.clock,
    restore: () => {
      for (const release of releases) release();
      for (const id of connectorIds) station.clearConnectorFault(id);
    },
  });
  if (options.refuseUnlock) releases.push(holdBehaviour(station.behaviour, 'refuseUnlock'));
  for (const id of connectorIds) station.setConnectorFault(id, options.errorCode, options.info, options.vendorErrorCode, options.source);

  const needed = options.resetClears;
  if (needed !== undefined) {
    let unlocked = false;
    let rebootingFor: ResetLevel | undefined;
    handle.listen(
      station,
      'command',
      commandWatcher(station, (command) => {
        if (command.type === 'unlock' && connectorIds.includes(command.connectorId) && !station.behaviour.refuseUnlock) unlocked = true;
        if (command.type === 'reset' && resetReaches(command.level, needed) && (!options.unlockBeforeReset || unlocked)) {
          rebootingFor = command.level;
        }
      }),
    );
    // Cleared as the station comes back: the self-test after the reboot finds the part working.
    handle.listen(station, 'booted', (status) => {
      if (status === 'Accepted' && rebootingFor !== undefined) handle.clear(resetClearReason(rebootingFor));
    });
  }
  if (options.selfClearAfterS !== undefined && options.selfClearAfterS > 0) {
    handle.after(options.selfClearAfterS * 1_000, () => handle.clear('self-cleared'));
  }
  return handle;
}
