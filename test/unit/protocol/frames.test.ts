import { describe, expect, it } from 'vitest';
import { parseFrame, serializeFrame, type Frame } from '../../../simulator/protocol/frames.js';

describe('parseFrame', () => {
  it('reads a CALL', () => {
    expect(parseFrame('[2,"19223201","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]')).toEqual({
      ok: true,
      frame: [2, '19223201', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }],
    });
  });

  it('reads a CALLRESULT', () => {
    expect(parseFrame('[3,"19223201",{"currentTime":"2024-05-01T12:00:00Z"}]')).toEqual({
      ok: true,
      frame: [3, '19223201', { currentTime: '2024-05-01T12:00:00Z' }],
    });
  });

  it('reads a CALLERROR', () => {
    expect(parseFrame('[4,"19223201","NotImplemented","unknown action",{}]')).toEqual({
      ok: true,
      frame: [4, '19223201', 'NotImplemented', 'unknown action', {}],
    });
  });

  it('accepts a message id of exactly 36 characters', () => {
    const id = 'a'.repeat(36);
    expect(parseFrame(`[2,"${id}","Heartbeat",{}]`)).toMatchObject({ ok: true, frame: [2, id, 'Heartbeat', {}] });
  });

  it('gives back what serializeFrame wrote', () => {
    const frames: Frame[] = [
      [2, 'a', 'Heartbeat', {}],
      [3, 'a', { currentTime: '2024-05-01T12:00:00Z' }],
      [4, 'a', 'GenericError', 'boom', { why: 'test' }],
    ];
    for (const frame of frames) expect(parseFrame(serializeFrame(frame))).toEqual({ ok: true, frame });
  });

  it('refuses text that is not JSON as RpcFrameworkError without a message id', () => {
    const result = parseFrame('[2,"a","Heartbeat",{');
    expect(result).toMatchObject({ ok: false, code: 'RpcFrameworkError', reason: 'message is not valid JSON' });
    expect(result).not.toHaveProperty('messageId', expect.anything());
  });

  it.each(['{"messageTypeId":2}', '"hello"', '42', 'null'])('refuses JSON that is not an array (%s) as RpcFrameworkError', (text) => {
    expect(parseFrame(text)).toMatchObject({ ok: false, code: 'RpcFrameworkError', reason: 'message is not a JSON array' });
  });

  it('refuses an empty array as RpcFrameworkError', () => {
    expect(parseFrame('[]')).toMatchObject({ ok: false, code: 'RpcFrameworkError' });
  });

  it('refuses a message type id that is not a number as RpcFrameworkError, keeping the message id', () => {
    expect(parseFrame('["2","a","Heartbeat",{}]')).toEqual({
      ok: false,
      code: 'RpcFrameworkError',
      reason: 'message type id is not a number',
      messageId: 'a',
    });
  });

  it.each([0, 1, 5, 6, 2.5])('refuses unknown message type id %s as MessageTypeNotSupported, keeping the message id', (type) => {
    expect(parseFrame(`[${type},"a","Heartbeat",{}]`)).toEqual({
      ok: false,
      code: 'MessageTypeNotSupported',
      reason: `unknown message type id ${type}`,
      messageId: 'a',
    });
  });

  it.each([
    ['a number', '[2,19223201,"Heartbeat",{}]'],
    ['empty', '[2,"","Heartbeat",{}]'],
    ['37 characters long', `[2,"${'a'.repeat(37)}","Heartbeat",{}]`],
    ['missing', '[2]'],
    ['null', '[3,null,{}]'],
  ])('refuses a message id that is %s as RpcFrameworkError', (_what, text) => {
    expect(parseFrame(text)).toEqual({
      ok: false,
      code: 'RpcFrameworkError',
      reason: 'message id must be a string of 1 to 36 characters',
    });
  });

  it.each([
    ['a CALL without payload', '[2,"a","Heartbeat"]'],
    ['a CALL with an extra element', '[2,"a","Heartbeat",{},{}]'],
    ['a CALL whose action is not a string', '[2,"a",7,{}]'],
    ['a CALL whose payload is an array', '[2,"a","Heartbeat",[]]'],
    ['a CALL whose payload is null', '[2,"a","Heartbeat",null]'],
    ['a CALLRESULT without payload', '[3,"a"]'],
    ['a CALLRESULT with an extra element', '[3,"a",{},{}]'],
    ['a CALLRESULT whose payload is a string', '[3,"a","ok"]'],
    ['a CALLERROR without details', '[4,"a","GenericError","boom"]'],
    ['a CALLERROR with an extra element', '[4,"a","GenericError","boom",{},{}]'],
    ['a CALLERROR whose code is not a string', '[4,"a",1,"boom",{}]'],
    ['a CALLERROR whose description is not a string', '[4,"a","GenericError",null,{}]'],
    ['a CALLERROR whose details are an array', '[4,"a","GenericError","boom",[]]'],
  ])('refuses %s as FormatViolation, keeping the message id', (_what, text) => {
    expect(parseFrame(text)).toMatchObject({ ok: false, code: 'FormatViolation', messageId: 'a' });
  });
});
