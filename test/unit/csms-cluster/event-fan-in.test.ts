import { describe, expect, it } from 'vitest';
import { parseSseBlocks, withWorker } from '../../../harness/csms-cluster/event-fan-in.js';

describe('reading a worker’s event stream', () => {
  it('yields each complete event (type and data), skips comments, and keeps an unfinished block for the next chunk', () => {
    const seen: [string, string][] = [];
    const push = (type: string, data: string): void => void seen.push([type, data]);
    let rest = parseSseBlocks(': connected\n\nid: 1\nevent: connect\ndata: {"seq":1}\n\nid: 2\nevent: bo', push);
    expect(seen).toEqual([['connect', '{"seq":1}']]);
    expect(rest).toBe('id: 2\nevent: bo');
    rest = parseSseBlocks(`${rest}ot\ndata: {"seq":2}\n\n: keep-alive\n\n`, push);
    expect(seen).toEqual([
      ['connect', '{"seq":1}'],
      ['boot', '{"seq":2}'],
    ]);
    expect(rest).toBe('');
  });

  it('adds the worker to the event’s JSON object, keeping its own fields', () => {
    expect(JSON.parse(withWorker('{"seq":7,"type":"boot"}', 2))).toEqual({ worker: 2, seq: 7, type: 'boot' });
    expect(JSON.parse(withWorker('{}', 1))).toEqual({ worker: 1 });
  });
});
