import { describe, expect, it } from 'vitest';
import { accepting, drive, plan, script } from './fake-csms.js';

const ONE_CONNECTOR = plan({ connectors: 1 });

/** The session statuses and calls in order, collapsing the heartbeats and meter samples between them. */
function outline(steps: string[]): string[] {
  return steps.filter((s) => s !== 'Heartbeat').filter((s, i, all) => !(s === all[i - 1] && (s === 'MeterValues' || s === 'TransactionEvent:Updated')));
}

describe('the k6 station machine', () => {
  it('OCPP 1.6: boots, reports its connector, runs sessions in the order the status table allows, and leaves', () => {
    const run = drive('ocpp1.6', { plan: ONE_CONNECTOR, untilMs: 20_000, endMs: 10_000 });
    expect(run.invalid).toEqual([]);
    expect(run.overlapping).toBe(0);
    const steps = outline(script(run.calls));
    expect(steps.slice(0, 10)).toEqual([
      'BootNotification',
      'Status:Available',
      'Authorize',
      'Status:Preparing',
      'StartTransaction',
      'Status:Charging',
      'MeterValues',
      'StopTransaction',
      'Status:Finishing',
      'Status:Available',
    ]);
    expect(steps.at(-1)).toBe('Status:Available');
    expect(run.machine.counts.sessionsStarted).toBeGreaterThan(1);
    expect(run.machine.counts.sessionsCompleted).toBe(run.machine.counts.sessionsStarted);
    expect(run.closedAtMs).toBeGreaterThanOrEqual(10_000);
    expect(run.closedAtMs).toBeLessThan(12_000);
  });

  it('OCPP 2.0.1: Occupied, TransactionEvent Started / Updated / Ended with one transaction id and rising seqNo', () => {
    const run = drive('ocpp2.0.1', { plan: ONE_CONNECTOR, untilMs: 20_000, endMs: 10_000 });
    expect(run.invalid).toEqual([]);
    expect(outline(script(run.calls)).slice(0, 7)).toEqual([
      'BootNotification',
      'Status:Available',
      'Authorize',
      'Status:Occupied',
      'TransactionEvent:Started',
      'TransactionEvent:Updated',
      'TransactionEvent:Ended',
    ]);
    const events = run.calls.filter(([, , action]) => action === 'TransactionEvent').map(([, , , p]) => p as { seqNo: number; transactionInfo: { transactionId: string }; eventType: string });
    const first = events[0]!.transactionInfo.transactionId;
    const ofFirst = events.filter((e) => e.transactionInfo.transactionId === first);
    expect(ofFirst.map((e) => e.seqNo)).toEqual(ofFirst.map((_, i) => i));
    expect(ofFirst.at(-1)?.eventType).toBe('Ended');
  });

  it('the meter register only grows, across sessions, and each stop reads what the last sample read or more', () => {
    const run = drive('ocpp1.6', { plan: ONE_CONNECTOR, untilMs: 20_000, endMs: 10_000 });
    const readings = run.calls.flatMap(([, , action, p]) => {
      if (action === 'StartTransaction') return [Number(p.meterStart)];
      if (action === 'StopTransaction') return [Number(p.meterStop)];
      if (action === 'MeterValues') return [Number((p.meterValue as { sampledValue: { value: string }[] }[])[0]!.sampledValue[0]!.value)];
      return [];
    });
    expect(readings.length).toBeGreaterThan(4);
    expect(readings).toEqual([...readings].sort((a, b) => a - b));
    expect(readings.at(-1)).toBeGreaterThan(readings[0]!);
  });

  it('a later connection of the same station gives its transactions other ids (the CSMS still knows the first ones)', () => {
    const ids = (connection: number) =>
      drive('ocpp2.0.1', { plan: ONE_CONNECTOR, untilMs: 5_000, endMs: 5_000, connection })
        .calls.filter(([, , action, p]) => action === 'TransactionEvent' && p.eventType === 'Started')
        .map(([, , , p]) => (p.transactionInfo as { transactionId: string }).transactionId);
    expect(ids(1)[0]).toBe('S1-CP1-1-1');
    expect(ids(2)[0]).toBe('S1-CP1-2-1');
  });

  it('is deterministic for a seed, and another seed gives other tokens', () => {
    const tokens = (seed: number) => drive('ocpp1.6', { untilMs: 5_000, endMs: 5_000, seed }).calls.filter(([, , a]) => a === 'Authorize').map(([, , , p]) => p.idTag);
    expect(tokens(3)).toEqual(tokens(3));
    expect(tokens(3)).not.toEqual(tokens(4));
    expect(tokens(3)[0]).toMatch(/^[0-9A-F]{8}$/);
  });

  it('retries a Pending boot after the interval the CSMS gave, and sends nothing else until Accepted', () => {
    let boots = 0;
    const accept = accepting('ocpp1.6');
    const run = drive('ocpp1.6', {
      untilMs: 3_000,
      endMs: 3_000,
      answer: (action, payload) => (action === 'BootNotification' && ++boots < 3 ? { status: 'Pending', currentTime: new Date(0).toISOString(), interval: 60 } : accept(action, payload)),
    });
    const steps = script(run.calls);
    expect(steps.slice(0, 4)).toEqual(['BootNotification', 'BootNotification', 'BootNotification', 'Status:Available']);
    // 60 simulated seconds at time scale 3600: about 17 real ms between boots, so within the first steps.
    expect(boots).toBe(3);
  });

  it('a refused Authorize starts no transaction', () => {
    const accept = accepting('ocpp1.6');
    const run = drive('ocpp1.6', { untilMs: 5_000, endMs: 5_000, answer: (action, payload) => (action === 'Authorize' ? { idTagInfo: { status: 'Invalid' } } : accept(action, payload)) });
    const steps = script(run.calls);
    expect(steps.filter((s) => s === 'Authorize').length).toBeGreaterThan(0);
    expect(steps.filter((s) => s === 'StartTransaction' || s === 'Status:Preparing')).toEqual([]);
  });

  it('an unanswered call times out, and the station goes on with the next', () => {
    const accept = accepting('ocpp1.6');
    let first = true;
    const run = drive('ocpp1.6', {
      untilMs: 8_000,
      endMs: 8_000,
      answer: (action, payload) => {
        if (action === 'Heartbeat' && first) {
          first = false;
          return undefined;
        }
        return accept(action, payload);
      },
      plan: plan({ stages: [{ name: 'idle', durationMs: 8_000, target: 1, sessionsPerHour: 0, mix: { heartbeatIntervalS: 3600 } }] }),
    });
    const steps = script(run.calls);
    expect(steps.filter((s) => s === 'Heartbeat').length).toBeGreaterThan(1);
    expect(run.overlapping).toBe(0);
  });

  it('with no sessions in the stage it only heartbeats, at the interval the stage mix sets', () => {
    const idle = plan({ stages: [{ name: 'idle', durationMs: 10_000, target: 1, sessionsPerHour: 0, mix: { heartbeatIntervalS: 7200 } }] });
    const run = drive('ocpp2.0.1', { plan: idle, untilMs: 10_000, endMs: 10_000 });
    const steps = script(run.calls);
    expect(new Set(steps)).toEqual(new Set(['BootNotification', 'Status:Available', 'Heartbeat']));
    // 7,200 simulated s at 3,600 x = every 2 real s from the boot answer (50 ms): 2.05 ... 8.05 s, then the plan ends.
    expect(steps.filter((s) => s === 'Heartbeat').length).toBe(4);
  });
});
