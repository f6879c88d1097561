import { describe, expect, it } from 'vitest';
import { CallQueue, type CallRecord } from '../../../deploy/k6/lib/calls.js';

function queue(protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6') {
  const sent: unknown[][] = [];
  const records: CallRecord[] = [];
  const problems: string[] = [];
  const calls = new CallQueue({ protocol, send: (text) => sent.push(JSON.parse(text) as unknown[]), timeoutMs: 1_000, onCall: (r) => records.push(r), onProblem: (m) => problems.push(m) });
  return { calls, sent, records, problems };
}

describe('the k6 call queue', () => {
  it('sends one CALL at a time, the next when the last is answered, and times each', () => {
    const { calls, sent, records } = queue();
    const answers: unknown[] = [];
    calls.call('Heartbeat', {}, 0, (outcome, at) => answers.push([outcome.kind, at]));
    calls.call('StatusNotification', { connectorId: 1 }, 0);
    expect(sent).toEqual([[2, '1', 'Heartbeat', {}]]);
    expect(calls.outstanding).toBe(2);
    calls.receive(JSON.stringify([3, '1', { currentTime: 'x' }]), 40);
    expect(answers).toEqual([['result', 40]]);
    expect(sent[1]).toEqual([2, '2', 'StatusNotification', { connectorId: 1 }]);
    calls.receive(JSON.stringify([4, '2', 'GenericError', 'no', {}]), 55);
    expect(records).toEqual([
      { action: 'Heartbeat', ms: 40, outcome: 'result' },
      { action: 'StatusNotification', ms: 15, outcome: 'error' },
    ]);
    expect(calls.idle).toBe(true);
  });

  it('times out an unanswered call and sends the next', () => {
    const { calls, sent, records } = queue();
    calls.call('Heartbeat', {}, 0);
    calls.call('Heartbeat', {}, 0);
    calls.tick(999);
    expect(sent).toHaveLength(1);
    calls.tick(1_000);
    expect(records).toEqual([{ action: 'Heartbeat', ms: 1_000, outcome: 'timeout' }]);
    expect(sent).toHaveLength(2);
  });

  it('reports an answer to no call in flight and an unreadable frame, and answers a CSMS CALL with NotImplemented', () => {
    const { calls, sent, problems } = queue('ocpp2.0.1');
    calls.receive(JSON.stringify([3, '9', {}]), 0);
    calls.receive('not json', 0);
    calls.receive(JSON.stringify([2, 'c1', 'Reset', { type: 'Immediate' }]), 0);
    expect(problems).toEqual(['an answer to message 9, which is not the call in flight (none)', 'unreadable frame from the CSMS: message is not valid JSON']);
    expect(sent).toEqual([[4, 'c1', 'NotImplemented', 'the k6 station does not handle Reset', {}]]);
  });

  it('clear() forgets the calls: a late answer runs no callback', () => {
    const { calls, problems } = queue();
    let answered = false;
    calls.call('Heartbeat', {}, 0, () => (answered = true));
    calls.clear();
    calls.receive(JSON.stringify([3, '1', {}]), 5);
    expect(answered).toBe(false);
    expect(problems).toHaveLength(1);
  });
});
