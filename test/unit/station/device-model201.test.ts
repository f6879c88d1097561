import { afterEach, describe, expect, it } from 'vitest';
import type { CsmsEventOf } from '../../../harness/csms/events.js';
import type { OcppError } from '../../../simulator/protocol/errors.js';
import { REPORT_ITEMS_PER_MESSAGE } from '../../../simulator/station/commands/devmodel201.js';
import { DeskRig } from '../../integration/desk/fixture.js';
import { createStationFixture, startAccepted, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
let rig: DeskRig | undefined;
afterEach(async () => {
  const violations = fixture?.fake.violations ?? [];
  await fixture?.station.stop();
  await rig?.close();
  fixture = undefined;
  rig = undefined;
  expect(violations, 'payloads must follow the official schemas').toEqual([]);
});

type Item = { component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } }; variable: { name: string; instance?: string } };
type Reported = Item & { variableAttribute: { value: string; mutability: string }[]; variableCharacteristics: { dataType: string } };
const name = (i: Item) => `${i.component.name}${i.component.evse ? `(${i.component.evse.id}${i.component.evse.connectorId ? `.${i.component.evse.connectorId}` : ''})` : ''}.${i.variable.name}${i.variable.instance ? `[${i.variable.instance}]` : ''}`;

/** What OCPP 2.0.1 marks required for a Core station (Referenced Components and Variables), for a two-EVSE station. */
const REQUIRED = [
  'ChargingStation.AvailabilityState', 'ChargingStation.Available', 'ChargingStation.SupplyPhases',
  'EVSE(1).AvailabilityState', 'EVSE(1).Available', 'EVSE(1).Power', 'EVSE(1).SupplyPhases', 'EVSE(2).AvailabilityState',
  'Connector(1.1).AvailabilityState', 'Connector(1.1).Available', 'Connector(1.1).ConnectorType', 'Connector(1.1).SupplyPhases', 'Connector(2.1).ConnectorType',
  'OCPPCommCtrlr.HeartbeatInterval', 'OCPPCommCtrlr.MessageTimeout[Default]', 'OCPPCommCtrlr.FileTransferProtocols', 'OCPPCommCtrlr.NetworkConfigurationPriority',
  'OCPPCommCtrlr.NetworkProfileConnectionAttempts', 'OCPPCommCtrlr.OfflineThreshold', 'OCPPCommCtrlr.ResetRetries', 'OCPPCommCtrlr.MessageAttempts[TransactionEvent]',
  'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]', 'OCPPCommCtrlr.UnlockOnEVSideDisconnect', 'OCPPCommCtrlr.WebSocketPingInterval', 'OCPPCommCtrlr.QueueAllMessages',
  'AuthCtrlr.AuthorizeRemoteStart', 'AuthCtrlr.LocalAuthorizeOffline', 'AuthCtrlr.LocalPreAuthorize',
  'TxCtrlr.EVConnectionTimeOut', 'TxCtrlr.StopTxOnEVSideDisconnect', 'TxCtrlr.StopTxOnInvalidId', 'TxCtrlr.TxStartPoint', 'TxCtrlr.TxStopPoint', 'TxCtrlr.MaxEnergyOnInvalidId',
  'SampledDataCtrlr.TxEndedMeasurands', 'SampledDataCtrlr.TxEndedInterval', 'SampledDataCtrlr.TxStartedMeasurands', 'SampledDataCtrlr.TxUpdatedMeasurands', 'SampledDataCtrlr.TxUpdatedInterval',
  'AlignedDataCtrlr.Interval', 'AlignedDataCtrlr.Measurands', 'AlignedDataCtrlr.TxEndedInterval', 'AlignedDataCtrlr.TxEndedMeasurands',
  'DeviceDataCtrlr.ItemsPerMessage[GetReport]', 'DeviceDataCtrlr.ItemsPerMessage[GetVariables]', 'DeviceDataCtrlr.ItemsPerMessage[SetVariables]',
  'DeviceDataCtrlr.BytesPerMessage[GetReport]', 'DeviceDataCtrlr.BytesPerMessage[GetVariables]', 'DeviceDataCtrlr.BytesPerMessage[SetVariables]',
  'SecurityCtrlr.Identity', 'SecurityCtrlr.OrganizationName', 'SecurityCtrlr.SecurityProfile', 'ClockCtrlr.DateTime',
];
const OPTIONAL_BLOCKS = ['ReservationCtrlr.Enabled', 'ReservationCtrlr.Available', 'LocalAuthListCtrlr.Enabled', 'LocalAuthListCtrlr.Entries', 'SmartChargingCtrlr.Enabled', 'SmartChargingCtrlr.Available'];

type Frame = CsmsEventOf<'frame'>;

/** Asks for a report through the real CSMS and collects the NotifyReport messages that follow, checking each was answered. */
async function report(live: DeskRig, action: 'GetBaseReport' | 'GetReport', payload: Record<string, unknown>, requestId: number): Promise<{ answer: unknown; parts: Record<string, unknown>[] }> {
  const answer = await live.csms.sendCommand('S1-CP1', action, { requestId, ...payload });
  if ((answer as { status: string }).status !== 'Accepted') return { answer, parts: [] };
  const isReport = (e: Frame) => e.direction === 'in' && e.messageType === 2 && e.action === 'NotifyReport' && (e.payload as { requestId: number }).requestId === requestId;
  const last = await live.waitFor('frame', (e) => isReport(e) && (e.payload as { tbc: boolean }).tbc === false, 60_000);
  const frames = live.of('frame', isReport);
  for (const frame of frames) {
    const reply = await live.waitFor('frame', (e) => e.direction === 'out' && e.messageId === frame.messageId, 10_000);
    expect(reply.messageType, 'the CSMS answers each NotifyReport with a CALLRESULT').toBe(3);
  }
  expect(frames.at(-1)).toBe(last);
  return { answer, parts: frames.map((f) => f.payload as Record<string, unknown>) };
}

const items = (parts: Record<string, unknown>[]) => parts.flatMap((p) => p.reportData as Reported[]);

describe('2.0.1 reports against the bundled CSMS', () => {
  it('GetBaseReport FullInventory is Accepted and followed by NotifyReports (seqNo, tbc, one generatedAt) covering every required variable', async () => {
    rig = await DeskRig.start({ desk: false });
    await rig.station('S1-CP1', 'ocpp2.0.1');
    const { answer, parts } = await report(rig, 'GetBaseReport', { reportBase: 'FullInventory' }, 11);
    expect(answer).toEqual({ status: 'Accepted' });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.seqNo)).toEqual(parts.map((_, i) => i));
    expect(parts.map((p) => p.tbc)).toEqual(parts.map((_, i) => i < parts.length - 1));
    expect(new Set(parts.map((p) => p.generatedAt)).size).toBe(1);
    for (const p of parts) expect((p.reportData as unknown[]).length).toBeLessThanOrEqual(REPORT_ITEMS_PER_MESSAGE);
    const names = items(parts).map(name);
    expect(names).toEqual(expect.arrayContaining([...REQUIRED, ...OPTIONAL_BLOCKS]));
    const heartbeat = items(parts).find((i) => name(i) === 'OCPPCommCtrlr.HeartbeatInterval');
    expect(heartbeat).toMatchObject({ variableAttribute: [{ type: 'Actual', value: '60', mutability: 'ReadWrite' }], variableCharacteristics: { dataType: 'integer', unit: 's' } });
  });

  it('ConfigurationInventory holds only writable variables; SummaryInventory only availability', async () => {
    rig = await DeskRig.start({ desk: false });
    await rig.station('S1-CP1', 'ocpp2.0.1');
    const config = items((await report(rig, 'GetBaseReport', { reportBase: 'ConfigurationInventory' }, 12)).parts);
    expect(config.length).toBeGreaterThan(10);
    expect(config.every((i) => i.variableAttribute[0]?.mutability === 'ReadWrite')).toBe(true);
    const summary = items((await report(rig, 'GetBaseReport', { reportBase: 'SummaryInventory' }, 13)).parts);
    expect(new Set(summary.map((i) => i.variable.name))).toEqual(new Set(['AvailabilityState', 'Available']));
    expect(summary.map(name)).toContain('Connector(2.1).AvailabilityState');
  });

  it('GetReport filters by componentVariable and componentCriteria, and answers EmptyResultSet when nothing matches', async () => {
    rig = await DeskRig.start({ desk: false });
    await rig.station('S1-CP1', 'ocpp2.0.1', 2);
    const evse2 = items((await report(rig, 'GetReport', { componentVariable: [{ component: { name: 'EVSE', evse: { id: 2 } } }] }, 21)).parts);
    expect(evse2.map(name).sort()).toEqual(['EVSE(2).AvailabilityState', 'EVSE(2).Available', 'EVSE(2).Power', 'EVSE(2).SupplyPhases']);
    const one = items((await report(rig, 'GetReport', { componentVariable: [{ component: { name: 'TxCtrlr' }, variable: { name: 'StopTxOnInvalidId' } }] }, 22)).parts);
    expect(one.map(name)).toEqual(['TxCtrlr.StopTxOnInvalidId']);
    // The authorization cache is on by default (station.ts), so its controller reports Enabled too.
    const enabled = items((await report(rig, 'GetReport', { componentCriteria: ['Enabled'] }, 23)).parts);
    expect(new Set(enabled.map((i) => i.component.name))).toEqual(new Set(['AuthCacheCtrlr', 'LocalAuthListCtrlr', 'ReservationCtrlr', 'SmartChargingCtrlr']));
    await expect(rig.csms.sendCommand('S1-CP1', 'GetReport', { requestId: 24, componentVariable: [{ component: { name: 'NoSuchCtrlr' } }] })).resolves.toEqual({ status: 'EmptyResultSet' });
    await expect(rig.csms.sendCommand('S1-CP1', 'GetReport', { requestId: 25, componentCriteria: ['Problem'] })).resolves.toEqual({ status: 'EmptyResultSet' });
  });
});

async function accepted(overrides: Parameters<typeof createStationFixture>[1] = {}): Promise<StationFixture> {
  const f = createStationFixture('ocpp2.0.1', overrides);
  await startAccepted(f);
  return f;
}

const ref = (component: string, variable: string, extra: { variableInstance?: string; evse?: { id: number; connectorId?: number } } = {}) => ({
  component: { name: component, ...(extra.evse && { evse: extra.evse }) },
  variable: { name: variable, ...(extra.variableInstance && { instance: extra.variableInstance }) },
});

describe('2.0.1 GetVariables / SetVariables', () => {
  it('answer per item: Accepted, UnknownComponent, UnknownVariable, NotSupportedAttributeType, live values', async () => {
    fixture = await accepted();
    const got = (await fixture.fake.invoke('GetVariables', {
      getVariableData: [
        ref('TxCtrlr', 'EVConnectionTimeOut'),
        ref('Connector', 'ConnectorType', { evse: { id: 2, connectorId: 1 } }),
        ref('EVSE', 'AvailabilityState', { evse: { id: 3 } }),
        ref('DeviceDataCtrlr', 'ItemsPerMessage', { variableInstance: 'NoSuch' }),
        { ...ref('OCPPCommCtrlr', 'HeartbeatInterval'), attributeType: 'Target' },
        ref('ClockCtrlr', 'DateTime'),
      ],
    })) as { getVariableResult: { attributeStatus: string; attributeValue?: string }[] };
    expect(got.getVariableResult.map((r) => r.attributeStatus)).toEqual(['Accepted', 'Accepted', 'UnknownComponent', 'UnknownVariable', 'NotSupportedAttributeType', 'Accepted']);
    expect(got.getVariableResult[0]?.attributeValue).toBe('60');
    expect(got.getVariableResult[1]?.attributeValue).toBe('cType2');
    // The station's simulated clock (2025 here), not the machine's: within a simulated hour of it.
    expect(Math.abs(Date.parse(got.getVariableResult[5]?.attributeValue ?? '') - fixture.clock.now())).toBeLessThan(3_600_000);
  });

  it('SetVariables: Accepted and shared with the 1.6 key, Rejected for read-only or invalid, RebootRequired where a reboot applies it', async () => {
    fixture = await accepted();
    const set = (await fixture.fake.invoke('SetVariables', {
      setVariableData: [
        { ...ref('SampledDataCtrlr', 'TxUpdatedInterval'), attributeValue: '15' },
        { ...ref('SampledDataCtrlr', 'TxUpdatedMeasurands'), attributeValue: 'Voltage,Frequency' },
        { ...ref('TxCtrlr', 'StopTxOnInvalidId'), attributeValue: 'maybe' },
        { ...ref('SecurityCtrlr', 'Identity'), attributeValue: 'OTHER' },
        { ...ref('EVSE', 'AvailabilityState', { evse: { id: 1 } }), attributeValue: 'Faulted' },
        { ...ref('OCPPCommCtrlr', 'NetworkConfigurationPriority'), attributeValue: '1,0' },
        { ...ref('Nope', 'X'), attributeValue: '1' },
        { ...ref('AuthCtrlr', 'X'), attributeValue: '1' },
        { ...ref('AuthCtrlr', 'LocalPreAuthorize'), attributeValue: 'true', attributeType: 'MaxSet' },
      ],
    })) as { setVariableResult: { attributeStatus: string }[] };
    expect(set.setVariableResult.map((r) => r.attributeStatus)).toEqual([
      'Accepted', 'Rejected', 'Rejected', 'Rejected', 'Rejected', 'RebootRequired', 'UnknownComponent', 'UnknownVariable', 'NotSupportedAttributeType',
    ]);
    expect(fixture.station.config.get('MeterValueSampleInterval')?.value).toBe('15');
    expect(fixture.station.config.get('SecurityCtrlr.SecurityProfile')?.value).toBe('0');
  });

  it('refuses more items than DeviceDataCtrlr.ItemsPerMessage with OccurrenceConstraintViolation', async () => {
    fixture = await accepted();
    const limit = Number(fixture.station.config.get('GetConfigurationMaxKeys')?.value);
    const data = Array.from({ length: limit + 1 }, () => ref('OCPPCommCtrlr', 'HeartbeatInterval'));
    const error = await fixture.fake.invoke('GetVariables', { getVariableData: data }).catch((e: unknown) => e);
    expect((error as OcppError).code).toBe('OccurrenceConstraintViolation');
    const ok = (await fixture.fake.invoke('GetVariables', { getVariableData: data.slice(1) })) as { getVariableResult: unknown[] };
    expect(ok.getVariableResult).toHaveLength(limit);
  });

  it('the optional blocks controllers are absent when their profile is not advertised', async () => {
    fixture = await accepted({ featureProfiles: ['Core'] });
    const got = (await fixture.fake.invoke('GetVariables', {
      getVariableData: [ref('ReservationCtrlr', 'Enabled'), ref('SmartChargingCtrlr', 'Available'), ref('OCPPCommCtrlr', 'FileTransferProtocols')],
    })) as { getVariableResult: { attributeStatus: string }[] };
    expect(got.getVariableResult.map((r) => r.attributeStatus)).toEqual(['UnknownComponent', 'UnknownComponent', 'Accepted']);
  });
});

describe('2.0.1 GetTransactionStatus', () => {
  it('tells whether the transaction is ongoing and whether its messages still wait for the CSMS (held answer and offline queue)', async () => {
    fixture = await accepted();
    const { fake, station } = fixture;
    void station.runSession({ connectorId: 1, idTag: 'TAG-1', durationS: 3_600 });
    const started = await fake.waitForCall('TransactionEvent', { match: (p) => p.eventType === 'Started' });
    const transactionId = (started.payload.transactionInfo as { transactionId: string }).transactionId;
    const status = (id?: string) => fake.invoke('GetTransactionStatus', id === undefined ? {} : { transactionId: id });
    // Let the CSMS's answer to Started arrive.
    await fake.settled();
    await expect(status(transactionId)).resolves.toEqual({ ongoingIndicator: true, messagesInQueue: false });
    await expect(status('no-such-tx')).resolves.toEqual({ ongoingIndicator: false, messagesInQueue: false });

    // The link drops: the Ended event waits in the offline queue.
    fake.drop({ reconnect: false });
    await fake.invoke('RequestStopTransaction', { transactionId });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.queuedCount).toBeGreaterThan(0);
    await expect(status(transactionId)).resolves.toEqual({ ongoingIndicator: false, messagesInQueue: true });
    await expect(status()).resolves.toEqual({ messagesInQueue: true });

    fake.reconnect();
    await fake.waitForCall('TransactionEvent', { match: (p) => p.eventType === 'Ended' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(status(transactionId)).resolves.toEqual({ ongoingIndicator: false, messagesInQueue: false });
    await expect(status()).resolves.toEqual({ messagesInQueue: false });
  });
});
