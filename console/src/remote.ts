/**
 * The remote actions a trainee can send from the station page, built per protocol version by the playbook's
 * own command builders so the console sends exactly what the desk would.
 */
import { commandFor, testSessionStart, testSessionStop, type StationCommand } from '../../harness/playbook/station-commands.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { evseOfConnector } from '../../simulator/vocabulary/evse.js';

export const REMOTE_ACTIONS = [
  { id: 'soft-reset', label: 'Reset (soft)', needs: [] },
  { id: 'hard-reset', label: 'Reset (hard)', needs: [] },
  { id: 'unlock-connector', label: 'Unlock connector', needs: ['connector'] },
  { id: 'make-inoperative', label: 'Change availability: Inoperative', needs: [] },
  { id: 'make-operative', label: 'Change availability: Operative', needs: [] },
  { id: 'trigger-status', label: 'Trigger StatusNotification', needs: [] },
  { id: 'remote-start', label: 'Remote start', needs: ['connector', 'idTag'] },
  { id: 'remote-stop', label: 'Remote stop', needs: ['transactionId'] },
] as const;

export type RemoteActionId = (typeof REMOTE_ACTIONS)[number]['id'];

export interface RemoteInput {
  /** 0 or undefined: the whole station (where the action allows it). */
  connectorId?: number;
  idTag?: string;
  transactionId?: string;
  /** 2.0.1 RequestStartTransaction's id. */
  remoteStartId?: number;
}

export function isRemoteActionId(value: string): value is RemoteActionId {
  return REMOTE_ACTIONS.some((a) => a.id === value);
}

/** The OCPP request for the action; throws naming the missing or bad field. */
export function remoteCommand(protocol: OcppProtocol, action: RemoteActionId, input: RemoteInput): StationCommand {
  const connector = input.connectorId === 0 ? undefined : input.connectorId;
  if (connector !== undefined && (!Number.isInteger(connector) || connector < 0)) throw new Error(`connector: ${connector} is not allowed, expected a whole number >= 0`);
  const ref = connector === undefined ? {} : { connectorId: connector };
  switch (action) {
    case 'soft-reset':
    case 'hard-reset':
    case 'trigger-status':
    case 'make-inoperative':
      return commandFor(action, protocol, ref) as StationCommand;
    case 'unlock-connector': {
      const command = commandFor(action, protocol, ref);
      if (!command) throw new Error('connector: unlock needs a connector (1 or more)');
      return command;
    }
    case 'make-operative':
      if (protocol === 'ocpp1.6') return { action: 'ChangeAvailability', payload: { connectorId: connector ?? 0, type: 'Operative' } };
      return { action: 'ChangeAvailability', payload: { operationalStatus: 'Operative', ...(connector !== undefined && { evse: evseOfConnector(connector) }) } };
    case 'remote-start': {
      const idTag = input.idTag?.trim() ?? '';
      if (idTag === '') throw new Error('idTag: a remote start needs the driver\'s token');
      if (connector === undefined) throw new Error('connector: a remote start needs a connector (1 or more)');
      return testSessionStart(protocol, ref, { idTag, remoteStartId: input.remoteStartId ?? 1 });
    }
    case 'remote-stop': {
      const transactionId = input.transactionId?.trim() ?? '';
      if (transactionId === '') throw new Error('transactionId: a remote stop needs the transaction id');
      if (protocol === 'ocpp1.6' && !/^\d+$/.test(transactionId)) throw new Error(`transactionId: ${JSON.stringify(transactionId)} is not allowed, OCPP 1.6 ids are whole numbers`);
      return testSessionStop(protocol, transactionId);
    }
  }
}
