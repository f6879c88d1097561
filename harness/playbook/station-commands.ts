/**
 * The OCPP request for each desk action, per protocol version: 1.6 and 2.0.1 name and shape them
 * differently (Reset Soft/Hard vs OnIdle/Immediate, connectorId vs evse {id, connectorId}, ...).
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { evseOfConnector, type Evse201 } from '../../simulator/vocabulary/evse.js';
import type { ActionStep } from './types.js';

export interface ConnectorRef {
  /** 2.0.1: the EVSE; when unknown the connector id is used as the EVSE id (the simulator's one-connector EVSEs). */
  evseId?: number;
  /** 1.6 connectorId, or 2.0.1 connectorId within the EVSE; absent for a station-wide action. */
  connectorId?: number;
}

export interface StationCommand {
  action: string;
  payload: Record<string, unknown>;
}

export interface TestSessionRef {
  idTag: string;
  remoteStartId: number;
}

function evseOf(ref: ConnectorRef): Evse201 {
  const connectorId = ref.connectorId ?? 1;
  return ref.evseId !== undefined ? { id: ref.evseId, connectorId } : evseOfConnector(connectorId);
}

/** The command for a step; undefined when the step needs a connector and `ref` has none. */
export function commandFor(step: Exclude<ActionStep, 'test-session-start' | 'test-session-stop'>, protocol: OcppProtocol, ref: ConnectorRef): StationCommand | undefined {
  const v16 = protocol === 'ocpp1.6';
  switch (step) {
    case 'soft-reset':
      return { action: 'Reset', payload: { type: v16 ? 'Soft' : 'OnIdle' } };
    case 'hard-reset':
      return { action: 'Reset', payload: { type: v16 ? 'Hard' : 'Immediate' } };
    case 'trigger-status':
      if (ref.connectorId === undefined) return { action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification' } };
      return v16
        ? { action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification', connectorId: ref.connectorId } }
        : { action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification', evse: evseOf(ref) } };
    case 'unlock-connector': {
      if (ref.connectorId === undefined) return undefined;
      const evse = evseOf(ref);
      return v16
        ? { action: 'UnlockConnector', payload: { connectorId: ref.connectorId } }
        : { action: 'UnlockConnector', payload: { evseId: evse.id, connectorId: evse.connectorId } };
    }
    case 'make-inoperative':
      // A station-wide safety fault (connector 0 / no EVSE) takes the whole station out of service.
      if (ref.connectorId === undefined || ref.connectorId === 0) {
        return v16
          ? { action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Inoperative' } }
          : { action: 'ChangeAvailability', payload: { operationalStatus: 'Inoperative' } };
      }
      return v16
        ? { action: 'ChangeAvailability', payload: { connectorId: ref.connectorId, type: 'Inoperative' } }
        : { action: 'ChangeAvailability', payload: { operationalStatus: 'Inoperative', evse: evseOf(ref) } };
  }
}

export function testSessionStart(protocol: OcppProtocol, ref: ConnectorRef, session: TestSessionRef): StationCommand {
  if (protocol === 'ocpp1.6') {
    return { action: 'RemoteStartTransaction', payload: { idTag: session.idTag, ...(ref.connectorId !== undefined ? { connectorId: ref.connectorId } : {}) } };
  }
  return {
    action: 'RequestStartTransaction',
    payload: { idToken: { idToken: session.idTag, type: 'Central' }, evseId: evseOf(ref).id, remoteStartId: session.remoteStartId },
  };
}

export function testSessionStop(protocol: OcppProtocol, transactionId: string): StationCommand {
  return protocol === 'ocpp1.6'
    ? { action: 'RemoteStopTransaction', payload: { transactionId: Number(transactionId) } }
    : { action: 'RequestStopTransaction', payload: { transactionId } };
}

/** Whether the station's answer accepted the command (a rejected step is not worth waiting for). */
export function accepted(action: string, response: Record<string, unknown> | undefined): boolean {
  const status = response?.['status'];
  if (action === 'UnlockConnector') return status === 'Unlocked';
  return status === 'Accepted' || status === 'Scheduled';
}
