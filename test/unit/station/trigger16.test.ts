/** 1.6 TriggerMessage: every requestedMessage is answered and then sent, as the bundled CSMS sees it. */
import { afterEach, describe, expect, it } from 'vitest';
import { startRig, type Rig } from '../faults/fault-rig.js';
import { command, nextInbound } from './csms-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const trigger = (r: Rig, requestedMessage: string, connectorId?: number) =>
  command(r, 'TriggerMessage', { requestedMessage, ...(connectorId !== undefined && { connectorId }) });

describe('1.6 TriggerMessage', () => {
  it.each([
    ['BootNotification', undefined, (p: Record<string, unknown>) => typeof p.chargePointModel === 'string'],
    ['Heartbeat', undefined, () => true],
    ['DiagnosticsStatusNotification', undefined, (p: Record<string, unknown>) => p.status === 'Idle'],
    ['FirmwareStatusNotification', undefined, (p: Record<string, unknown>) => p.status === 'Idle'],
    ['StatusNotification', 2, (p: Record<string, unknown>) => p.connectorId === 2 && p.status === 'Available'],
    ['MeterValues', 1, (p: Record<string, unknown>) => p.connectorId === 1 && Array.isArray(p.meterValue)],
  ] as const)('%s is Accepted and then sent', async (message, connectorId, expected) => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    const sent = nextInbound(rig, message, expected);
    expect(await trigger(rig, message, connectorId)).toEqual({ status: 'Accepted' });
    await sent;
  });

  // The status during an update or upload is shown by firmware16.test.ts and diagnostics.test.ts.
  it('rejects a connector the station does not have', async () => {
    rig = await startRig({ protocol: 'ocpp1.6' });
    expect(await trigger(rig, 'StatusNotification', 7)).toEqual({ status: 'Rejected' });
  });
});
