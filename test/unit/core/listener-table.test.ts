import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { withFastListenerTable } from '../../../simulator/listener-table.js';

describe('withFastListenerTable', () => {
  it('leaves the emitter working as before: no inherited event names, once, off and re-adding', () => {
    const emitter = new EventEmitter();
    withFastListenerTable(emitter);
    // A table with Object.prototype behind it would find a "listener" for these.
    expect(emitter.emit('toString')).toBe(false);
    expect(emitter.listenerCount('hasOwnProperty')).toBe(0);
    const heard: string[] = [];
    const onA = (value: string): void => void heard.push(`a ${value}`);
    emitter.on('a', onA);
    emitter.once('b', (value: string) => heard.push(`b ${value}`));
    emitter.on('c', (value: string) => heard.push(`c ${value}`));
    emitter.emit('a', '1');
    emitter.emit('b', '2');
    emitter.emit('b', '3');
    emitter.off('a', onA);
    emitter.emit('a', '4');
    emitter.on('a', onA);
    emitter.emit('a', '5');
    emitter.emit('c', '6');
    expect(heard).toEqual(['a 1', 'b 2', 'a 5', 'c 6']);
    expect(emitter.eventNames()).toEqual(['c', 'a']);
    emitter.removeAllListeners();
    expect(emitter.eventNames()).toEqual([]);
  });
});
