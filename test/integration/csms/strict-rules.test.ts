/**
 * Every strict rule, both ways, over real WebSockets: a violating sequence gets the violation recorded and,
 * on the strict CSMS, the rule's CALLERROR (spelled for the station's version); the lenient CSMS answers it
 * as usual. A legal sequence that comes close to the rule records nothing on either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawStation, Frame } from './raw-station.js';
import { boot16, boot201 } from './raw-station.js';
import { StrictRig, answerKind, iso, register16, start16, status16, status201, txEvent } from './strict-fixture.js';
import type { Mode, Protocol } from './strict-fixture.js';

interface Case {
  rule: string;
  protocol: Protocol;
  /** Station id prefix, which chooses the boot answer (see StrictRig). */
  prefix?: string;
  /** Wire code a strict CSMS answers the violating CALL with; 'CALLRESULT' for a warning. */
  strictAnswer: string;
  /** What the lenient CSMS answers; default CALLRESULT. */
  lenientAnswer?: string;
  /** Rules expected for the violating CALL; default just `rule`. */
  rules?: string[];
  /** Sends a lead-in and the violating CALL; resolves with the violating CALL's answer and its message id. */
  violate(station: RawStation, rig: StrictRig, mode: Mode): Promise<Frame>;
  /** A legal sequence near the rule; resolves with every answer. */
  legal(station: RawStation, rig: StrictRig, mode: Mode): Promise<Frame[]>;
}

const heartbeat = (s: RawStation, id?: string) => s.call('Heartbeat', {}, id);

async function all(...calls: (() => Promise<Frame>)[]): Promise<Frame[]> {
  const answers: Frame[] = [];
  for (const call of calls) answers.push(await call());
  return answers;
}

const CASES: Case[] = [
  {
    rule: 'CD-V001', protocol: 'ocpp1.6', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      await s.call('StatusNotification', status16(1, 'Available'));
      return s.call('StatusNotification', status16(1, 'Finishing'));
    },
    legal: (s) => all(
      ...['Available', 'Preparing', 'Charging', 'SuspendedEV', 'Charging', 'Finishing', 'Available'].map((st) => () => s.call('StatusNotification', status16(1, st))),
      // A BootNotification makes the next status free again.
      () => s.call('BootNotification', boot16),
      () => s.call('StatusNotification', status16(1, 'Finishing')),
    ),
  },
  {
    rule: 'CD-V002', protocol: 'ocpp2.0.1', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      await s.call('StatusNotification', status201(1, 'Occupied'));
      return s.call('StatusNotification', status201(1, 'Reserved'));
    },
    legal: (s) => all(
      ...['Available', 'Reserved', 'Occupied', 'Available', 'Unavailable', 'Available', 'Faulted', 'Reserved', 'Available'].map((st) => () => s.call('StatusNotification', status201(1, st))),
    ),
  },
  {
    rule: 'CD-V003', protocol: 'ocpp1.6', strictAnswer: 'PropertyConstraintViolation',
    violate: (s) => s.call('StopTransaction', { transactionId: 987_654, meterStop: 10, timestamp: iso() }),
    legal: async (s) => {
      const transactionId = await start16(s, 1000);
      return all(
        () => s.call('MeterValues', { connectorId: 1, transactionId, meterValue: register16(1200) }),
        () => s.call('StopTransaction', { transactionId, meterStop: 1500, timestamp: iso() }),
      );
    },
  },
  {
    rule: 'CD-V003', protocol: 'ocpp2.0.1', strictAnswer: 'PropertyConstraintViolation',
    violate: (s) => s.call('TransactionEvent', txEvent('Updated', 'never-started', 1)),
    legal: (s) => all(
      () => s.call('TransactionEvent', txEvent('Started', 'tx-1', 0)),
      () => s.call('TransactionEvent', txEvent('Updated', 'tx-1', 1)),
      () => s.call('TransactionEvent', txEvent('Ended', 'tx-1', 2)),
    ),
  },
  {
    rule: 'CD-V004', protocol: 'ocpp1.6', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      const transactionId = await start16(s, 1000);
      await s.call('StopTransaction', { transactionId, meterStop: 1500, timestamp: iso() });
      return s.call('MeterValues', { connectorId: 1, transactionId, meterValue: register16(1600) });
    },
    legal: async (s) => {
      const first = await start16(s, 1000);
      await s.call('StopTransaction', { transactionId: first, meterStop: 1500, timestamp: iso() });
      const second = await start16(s, 1500);
      return all(() => s.call('StopTransaction', { transactionId: second, meterStop: 1700, timestamp: iso() }));
    },
  },
  {
    rule: 'CD-V004', protocol: 'ocpp2.0.1', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      await s.call('TransactionEvent', txEvent('Started', 'tx-2', 0));
      await s.call('TransactionEvent', txEvent('Ended', 'tx-2', 1));
      return s.call('TransactionEvent', txEvent('Ended', 'tx-2', 2));
    },
    legal: (s) => all(
      () => s.call('TransactionEvent', txEvent('Started', 'tx-3', 0)),
      () => s.call('TransactionEvent', txEvent('Ended', 'tx-3', 1)),
      () => s.call('TransactionEvent', txEvent('Started', 'tx-4', 0)),
    ),
  },
  {
    rule: 'CD-V005', protocol: 'ocpp2.0.1', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      await s.call('TransactionEvent', txEvent('Started', 'tx-5', 0));
      return s.call('TransactionEvent', txEvent('Started', 'tx-5', 1));
    },
    legal: (s) => all(
      () => s.call('TransactionEvent', txEvent('Started', 'tx-6', 0)),
      () => s.call('TransactionEvent', txEvent('Started', 'tx-7', 0)),
    ),
  },
  {
    rule: 'CD-V006', protocol: 'ocpp2.0.1', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      await s.call('TransactionEvent', txEvent('Started', 'tx-8', 0));
      await s.call('TransactionEvent', txEvent('Updated', 'tx-8', 2));
      return s.call('TransactionEvent', txEvent('Updated', 'tx-8', 1));
    },
    legal: (s) => all(
      () => s.call('TransactionEvent', txEvent('Started', 'tx-9', 0)),
      () => s.call('TransactionEvent', txEvent('Updated', 'tx-9', 1)),
      // The same seqNo again is a retransmission, not a step back.
      () => s.call('TransactionEvent', txEvent('Updated', 'tx-9', 1)),
      () => s.call('TransactionEvent', txEvent('Ended', 'tx-9', 2)),
    ),
  },
  ...(['ocpp1.6', 'ocpp2.0.1'] as const).map((protocol): Case => ({
    rule: 'CD-V007', protocol, strictAnswer: protocol === 'ocpp1.6' ? 'FormationViolation' : 'RpcFrameworkError',
    violate: async (s) => {
      await heartbeat(s, 'reused-id');
      return heartbeat(s, 'reused-id');
    },
    legal: (s) => all(() => heartbeat(s, 'id-1'), () => heartbeat(s, 'id-2'), () => heartbeat(s, 'id-3')),
  })),
  ...(['ocpp1.6', 'ocpp2.0.1'] as const).map((protocol): Case => ({
    rule: 'CD-V008', protocol, prefix: 'PEND', strictAnswer: 'SecurityError',
    violate: (s) => heartbeat(s),
    legal: async (s, rig, mode) => {
      // While Pending the station may send what the CSMS asks for.
      const trigger = protocol === 'ocpp1.6' ? { requestedMessage: 'StatusNotification', connectorId: 1 } : { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } };
      await rig.csms[mode].sendCommand(s.id, 'TriggerMessage', trigger);
      return all(
        () => s.call('StatusNotification', protocol === 'ocpp1.6' ? status16(1, 'Available') : status201(1, 'Available')),
        () => s.call('BootNotification', protocol === 'ocpp1.6' ? boot16 : boot201),
      );
    },
  })),
  {
    rule: 'CD-V008', protocol: 'ocpp2.0.1', prefix: 'REJ', strictAnswer: 'SecurityError', lenientAnswer: 'SecurityError',
    violate: (s) => heartbeat(s),
    legal: (s) => all(() => s.call('BootNotification', boot201)),
  },
  ...(['ocpp1.6', 'ocpp2.0.1'] as const).map((protocol): Case => ({
    rule: 'CD-V009', protocol, strictAnswer: protocol === 'ocpp1.6' ? 'FormationViolation' : 'RpcFrameworkError',
    violate: async (s, rig) => {
      // The boot answer is held, so the Heartbeat arrives while the BootNotification is in flight.
      const boot = s.call('BootNotification', protocol === 'ocpp1.6' ? boot16 : boot201);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const answer = await heartbeat(s);
      rig.releaseBoots();
      await boot;
      return answer;
    },
    legal: async (s, rig) => {
      const boot = s.call('BootNotification', protocol === 'ocpp1.6' ? boot16 : boot201);
      await new Promise((resolve) => setTimeout(resolve, 20));
      rig.releaseBoots();
      return all(() => boot, () => heartbeat(s), () => heartbeat(s));
    },
  })),
  {
    rule: 'CD-V010', protocol: 'ocpp2.0.1', strictAnswer: 'PropertyConstraintViolation', lenientAnswer: 'PropertyConstraintViolation',
    violate: (s) => s.call('Authorize', { idToken: { idToken: 'NOT-A-UID', type: 'ISO14443' } }),
    legal: (s) => all(() => s.call('Authorize', { idToken: { idToken: '04A2B3C4', type: 'ISO14443' } })),
  },
  {
    rule: 'CD-V011', protocol: 'ocpp1.6', strictAnswer: 'CALLRESULT',
    violate: (s) => s.call('StatusNotification', { ...status16(1, 'Available'), timestamp: iso(24 * 3_600_000) }),
    legal: (s) => all(() => s.call('StatusNotification', { ...status16(1, 'Available'), timestamp: iso(60_000) })),
  },
  {
    rule: 'CD-V012', protocol: 'ocpp1.6', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => s.call('StopTransaction', { transactionId: await start16(s, 1000), meterStop: 500, timestamp: iso() }),
    legal: async (s) => {
      const transactionId = await start16(s, 1000);
      return all(() => s.call('StopTransaction', { transactionId, meterStop: 1000, timestamp: iso() }));
    },
  },
  {
    rule: 'CD-V012', protocol: 'ocpp2.0.1', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      await s.call('TransactionEvent', txEvent('Started', 'tx-10', 0, 1000));
      return s.call('TransactionEvent', txEvent('Ended', 'tx-10', 1, 900));
    },
    legal: (s) => all(
      () => s.call('TransactionEvent', txEvent('Started', 'tx-11', 0, 1000)),
      () => s.call('TransactionEvent', txEvent('Ended', 'tx-11', 1, 1100)),
    ),
  },
  {
    rule: 'CD-V013', protocol: 'ocpp1.6', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      const transactionId = await start16(s, 1000);
      await s.call('MeterValues', { connectorId: 1, transactionId, meterValue: register16(1500) });
      return s.call('MeterValues', { connectorId: 1, transactionId, meterValue: register16(1400) });
    },
    legal: async (s) => {
      const transactionId = await start16(s, 1000);
      return all(
        () => s.call('MeterValues', { connectorId: 1, transactionId, meterValue: register16(1500) }),
        () => s.call('MeterValues', { connectorId: 1, transactionId, meterValue: register16(1500) }),
        () => s.call('StopTransaction', { transactionId, meterStop: 1600, timestamp: iso() }),
      );
    },
  },
  {
    rule: 'CD-V013', protocol: 'ocpp2.0.1', strictAnswer: 'PropertyConstraintViolation',
    violate: async (s) => {
      await s.call('TransactionEvent', txEvent('Started', 'tx-12', 0, 1000));
      await s.call('TransactionEvent', txEvent('Updated', 'tx-12', 1, 1500));
      return s.call('TransactionEvent', txEvent('Updated', 'tx-12', 2, 1400));
    },
    legal: (s) => all(
      () => s.call('TransactionEvent', txEvent('Started', 'tx-13', 0, 1000)),
      () => s.call('TransactionEvent', txEvent('Updated', 'tx-13', 1, 1500)),
      () => s.call('TransactionEvent', txEvent('Ended', 'tx-13', 2, 1500)),
    ),
  },
];

let rig: StrictRig;
beforeAll(async () => {
  rig = await StrictRig.start();
});
afterAll(() => rig?.close());

/** CD-V009 needs the boot in flight, so its station is not booted first. */
const station = (c: Case, mode: Mode) =>
  c.rule === 'CD-V009' ? rig.connect(mode, c.protocol, 'HOLD') : rig.booted(mode, c.protocol, c.prefix);

describe.each(['lenient', 'strict'] as const)('the %s CSMS', (mode) => {
  it.each(CASES.map((c) => [`${c.rule} ${c.protocol}${c.prefix ? ` (${c.prefix})` : ''}`, c] as const))('records %s and answers the violating CALL as its mode says', async (_name, c) => {
    const s = await station(c, mode);
    const answer = await c.violate(s, rig, mode);
    expect(answerKind(answer)).toBe(mode === 'strict' ? c.strictAnswer : (c.lenientAnswer ?? 'CALLRESULT'));
    const violations = rig.violations(mode, s.id);
    expect(violations.map((v) => v.rule)).toEqual(c.rules ?? [c.rule]);
    const [v] = violations;
    expect(v).toMatchObject({ stationId: s.id, messageId: answer[1], severity: c.rule === 'CD-V011' ? 'warning' : 'error' });
    if (answer[0] === 4) expect(answer[4]).toEqual(mode === 'strict' || c.lenientAnswer === 'PropertyConstraintViolation' ? { rule: c.rule } : expect.anything());
  });

  it.each(CASES.map((c) => [`${c.rule} ${c.protocol}${c.prefix ? ` (${c.prefix})` : ''}`, c] as const))('records nothing for a legal sequence near %s', async (_name, c) => {
    const s = await station(c, mode);
    const answers = await c.legal(s, rig, mode);
    expect(answers.map(answerKind)).toEqual(answers.map(() => 'CALLRESULT'));
    expect(rig.violations(mode, s.id)).toEqual([]);
  });
});
