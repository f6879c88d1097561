/** A station sends each token with the type it came with, in every message of the session that carries it. */
import { afterEach, describe, expect, it } from 'vitest';
import { createStationFixture, startAccepted, type StationFixture } from './station-fixture.js';

let fixture: StationFixture | undefined;
afterEach(async () => {
  const violations = fixture?.fake.violations ?? [];
  await fixture?.station.stop();
  fixture = undefined;
  expect(violations, 'payloads must follow the official schemas').toEqual([]);
});

const PLAN = { connectorId: 1, durationS: 600, powerW: 11_000, unplugAfterS: 10 };

async function accepted(protocol: 'ocpp1.6' | 'ocpp2.0.1'): Promise<StationFixture> {
  const f = createStationFixture(protocol);
  await startAccepted(f);
  return f;
}

const event = (f: StationFixture, eventType: string) => f.fake.waitForCall('TransactionEvent', { match: (p) => p.eventType === eventType });

describe('2.0.1 token types on the wire', () => {
  it('sends a readable token as Local and a contract id with the type the plan gives, in Authorize, Started and Ended', async () => {
    fixture = await accepted('ocpp2.0.1');
    const { station, fake } = fixture;
    await station.runSession({ ...PLAN, idTag: 'DRIVER-0002' });
    await station.runSession({ ...PLAN, connectorId: 2, idTag: 'NL-TNM-C12345678-X', idTokenType: 'eMAID' });
    const tokensOf = (action: string, match: (p: Record<string, unknown>) => boolean = () => true) =>
      fake.callsOf(action).filter((c) => match(c.payload)).map((c) => c.payload.idToken);
    const local = { idToken: 'DRIVER-0002', type: 'Local' };
    const emaid = { idToken: 'NL-TNM-C12345678-X', type: 'eMAID' };
    expect(tokensOf('Authorize')).toEqual([local, emaid]);
    expect(tokensOf('TransactionEvent', (p) => p.eventType === 'Started')).toEqual([local, emaid]);
    expect(tokensOf('TransactionEvent', (p) => p.eventType === 'Ended')).toEqual([local, emaid]);
    expect(tokensOf('TransactionEvent', (p) => p.eventType === 'Updated').every((t) => t === undefined)).toBe(true);
  });

  it('keeps a RequestStartTransaction token typed Central through Authorize and TransactionEvent Started', async () => {
    fixture = await accepted('ocpp2.0.1');
    const { fake } = fixture;
    await fake.invoke('SetVariables', { setVariableData: [{ component: { name: 'AuthCtrlr' }, variable: { name: 'AuthorizeRemoteStart' }, attributeValue: 'true' }] });
    const central = { idToken: 'c0ffee00-1234-4abc-8def-0123456789ab', type: 'Central' };
    await expect(fake.invoke('RequestStartTransaction', { idToken: central, remoteStartId: 5, evseId: 1 })).resolves.toEqual({ status: 'Accepted' });
    const start = await event(fixture, 'Started');
    expect(start.payload).toMatchObject({ triggerReason: 'RemoteStart', idToken: central });
    expect(fake.callsOf('Authorize').map((c) => c.payload)).toEqual([{ idToken: central }]);
  });

  it('refuses a session plan whose token does not fit its type, naming the rule, before anything is sent', async () => {
    fixture = await accepted('ocpp2.0.1');
    const { station, fake } = fixture;
    const before = fake.sent.length;
    await expect(station.runSession({ ...PLAN, idTag: 'TAG-204', idTokenType: 'ISO14443' })).rejects.toThrow(
      'session on CP-TEST: "TAG-204" is not a valid ISO14443 idToken: expected a 4- or 7-byte card UID as 8 or 14 hex digits',
    );
    expect(fake.sent.slice(before).filter((c) => c.action !== 'Heartbeat')).toEqual([]);
  });
});

describe('1.6 idTag', () => {
  it('sends only the value, and refuses a plan token longer than 20 characters', async () => {
    fixture = await accepted('ocpp1.6');
    const { station, fake } = fixture;
    await station.runSession({ ...PLAN, idTag: '04A3F29B1C5E80', idTokenType: 'ISO14443' });
    expect(fake.callsOf('Authorize').map((c) => c.payload)).toEqual([{ idTag: '04A3F29B1C5E80' }]);
    expect(fake.callsOf('StartTransaction')[0]?.payload).toMatchObject({ idTag: '04A3F29B1C5E80' });
    await expect(station.runSession({ ...PLAN, idTag: 'X'.repeat(21) })).rejects.toThrow(/is not a valid idTag: expected 1 to 20 printable characters/);
  });
});
