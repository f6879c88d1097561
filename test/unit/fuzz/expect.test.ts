/** The fuzzer's verdict on one frame: codes in the version's spelling, silence, closes and answer counts. */
import { describe, expect, it } from 'vitest';
import { describeExpect, judge } from '../../../harness/fuzz/expect.js';

describe('judge', () => {
  const unreadable = { id: undefined, codes: ['RpcFrameworkError', 'FormatViolation'] as const, silence: true };

  it('takes a code only in the spelling of the connection version', () => {
    const answer = (code: string) => ({ answers: [[4, '-1', code, '', {}]] });
    expect(judge(unreadable, answer('FormationViolation'), 'ocpp1.6').outcome).toBe('per-spec');
    expect(judge(unreadable, answer('RpcFrameworkError'), 'ocpp1.6')).toMatchObject({ outcome: 'wrong', got: 'CALLERROR RpcFrameworkError', expected: 'CALLERROR FormationViolation or no answer' });
    expect(judge(unreadable, answer('FormatViolation'), 'ocpp1.6').outcome).toBe('wrong');
    expect(judge(unreadable, answer('RpcFrameworkError'), 'ocpp2.0.1').outcome).toBe('per-spec');
    expect(judge(unreadable, answer('FormationViolation'), 'ocpp2.0.1').outcome).toBe('wrong');
    const missing = { id: 'm', codes: ['OccurrenceConstraintViolation'] as const };
    expect(judge(missing, { answers: [[4, 'm', 'OccurenceConstraintViolation', '', {}]] }, 'ocpp1.6').outcome).toBe('per-spec');
    expect(judge(missing, { answers: [[4, 'm', 'OccurrenceConstraintViolation', '', {}]] }, 'ocpp1.6').outcome).toBe('wrong');
    expect(judge(missing, { answers: [[4, 'm', 'OccurenceConstraintViolation', '', {}]] }, 'ocpp2.0.1').outcome).toBe('wrong');
  });

  it('tells a missing answer (dropped) from allowed silence, and a CALLRESULT where an error was due (wrong)', () => {
    expect(judge(unreadable, { answers: [] }, 'ocpp1.6').outcome).toBe('per-spec');
    expect(judge({ id: 'a', codes: ['NotImplemented'] }, { answers: [] }, 'ocpp1.6')).toMatchObject({ outcome: 'dropped', got: 'no answer' });
    expect(judge({ id: 'a', codes: ['NotImplemented'] }, { answers: [[3, 'a', {}]] }, 'ocpp1.6')).toMatchObject({ outcome: 'wrong', got: 'CALLRESULT' });
    expect(judge({ id: 'a', silence: true }, { answers: [[3, 'a', {}]] }, 'ocpp1.6').outcome).toBe('wrong');
  });

  it('accepts a close only with an allowed code', () => {
    const oversize = { id: 'o', codes: ['FormatViolation'] as const, closeCodes: [1009] };
    expect(judge(oversize, { answers: [], closeCode: 1009 }, 'ocpp2.0.1').outcome).toBe('per-spec');
    expect(judge(oversize, { answers: [], closeCode: 1006 }, 'ocpp2.0.1')).toMatchObject({ outcome: 'wrong', got: 'close 1006' });
    expect(judge({ id: 'a', result: true }, { answers: [], closeCode: 1002 }, 'ocpp1.6').outcome).toBe('wrong');
  });

  it('counts answers: too many is wrong, fewer than the least is dropped', () => {
    const duplicate = { id: 'd', result: true, codes: ['RpcFrameworkError'] as const, answers: 2, minAnswers: 1 };
    const result = [3, 'd', {}];
    expect(judge(duplicate, { answers: [result] }, 'ocpp2.0.1').outcome).toBe('per-spec');
    expect(judge(duplicate, { answers: [result, [4, 'd', 'RpcFrameworkError', '', {}]] }, 'ocpp2.0.1').outcome).toBe('per-spec');
    expect(judge(duplicate, { answers: [result, result, result] }, 'ocpp2.0.1').outcome).toBe('wrong');
    expect(judge(duplicate, { answers: [] }, 'ocpp2.0.1').outcome).toBe('dropped');
    expect(judge({ id: 'x', result: true, answers: 2 }, { answers: [result] }, 'ocpp2.0.1').outcome).toBe('dropped');
    expect(describeExpect(duplicate, 'ocpp1.6')).toBe('1 to 2 answers, each CALLRESULT or CALLERROR FormationViolation');
  });
});
