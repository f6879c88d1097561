import { describe, expect, it } from 'vitest';
import { remoteCommand } from '../../../console/src/remote.js';

describe('remote actions per protocol version', () => {
  it('builds 1.6 requests', () => {
    expect(remoteCommand('ocpp1.6', 'soft-reset', {})).toEqual({ action: 'Reset', payload: { type: 'Soft' } });
    expect(remoteCommand('ocpp1.6', 'hard-reset', { connectorId: 0 })).toEqual({ action: 'Reset', payload: { type: 'Hard' } });
    expect(remoteCommand('ocpp1.6', 'unlock-connector', { connectorId: 2 })).toEqual({ action: 'UnlockConnector', payload: { connectorId: 2 } });
    expect(remoteCommand('ocpp1.6', 'make-inoperative', { connectorId: 1 })).toEqual({ action: 'ChangeAvailability', payload: { connectorId: 1, type: 'Inoperative' } });
    expect(remoteCommand('ocpp1.6', 'make-operative', {})).toEqual({ action: 'ChangeAvailability', payload: { connectorId: 0, type: 'Operative' } });
    expect(remoteCommand('ocpp1.6', 'trigger-status', { connectorId: 1 })).toEqual({ action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification', connectorId: 1 } });
    expect(remoteCommand('ocpp1.6', 'remote-start', { connectorId: 1, idTag: 'DRIVER-1' })).toEqual({ action: 'RemoteStartTransaction', payload: { idTag: 'DRIVER-1', connectorId: 1 } });
    expect(remoteCommand('ocpp1.6', 'remote-stop', { transactionId: '42' })).toEqual({ action: 'RemoteStopTransaction', payload: { transactionId: 42 } });
  });

  it('builds 2.0.1 requests with EVSEs', () => {
    expect(remoteCommand('ocpp2.0.1', 'soft-reset', {})).toEqual({ action: 'Reset', payload: { type: 'OnIdle' } });
    expect(remoteCommand('ocpp2.0.1', 'unlock-connector', { connectorId: 2 })).toEqual({ action: 'UnlockConnector', payload: { evseId: 2, connectorId: 1 } });
    expect(remoteCommand('ocpp2.0.1', 'make-operative', { connectorId: 2 })).toEqual({ action: 'ChangeAvailability', payload: { operationalStatus: 'Operative', evse: { id: 2, connectorId: 1 } } });
    expect(remoteCommand('ocpp2.0.1', 'remote-start', { connectorId: 1, idTag: 'T', remoteStartId: 9 })).toEqual({
      action: 'RequestStartTransaction',
      payload: { idToken: { idToken: 'T', type: 'Central' }, evseId: 1, remoteStartId: 9 },
    });
    expect(remoteCommand('ocpp2.0.1', 'remote-stop', { transactionId: 'tx-1' })).toEqual({ action: 'RequestStopTransaction', payload: { transactionId: 'tx-1' } });
  });

  it('names the missing or bad field', () => {
    expect(() => remoteCommand('ocpp1.6', 'unlock-connector', {})).toThrow('connector: unlock needs a connector');
    expect(() => remoteCommand('ocpp1.6', 'remote-start', { connectorId: 1 })).toThrow("idTag: a remote start needs the driver's token");
    expect(() => remoteCommand('ocpp1.6', 'remote-stop', { transactionId: 'abc' })).toThrow('transactionId: "abc" is not allowed, OCPP 1.6 ids are whole numbers');
    expect(() => remoteCommand('ocpp1.6', 'soft-reset', { connectorId: 1.5 })).toThrow('connector: 1.5 is not allowed');
  });
});
