import { afterEach, describe, expect, it, vi } from 'vitest';
import { MESSAGE_ID_MAX_CHARS, MessageIds } from '../../../simulator/transport/message-ids.js';
import { WsOcppClient } from '../../../simulator/transport/ws-client.js';
import { ScriptedServer } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function take(ids: MessageIds, count: number): string[] {
  return Array.from({ length: count }, () => ids.next());
}

describe('message ids', () => {
  it('two clients in one run never share an id', () => {
    const a = take(new MessageIds(), 1_000);
    const b = take(new MessageIds(), 1_000);
    expect(new Set([...a, ...b]).size).toBe(2_000);
  });

  it('two runs never share an id: each run draws its own prefix', async () => {
    vi.resetModules();
    const first = await import('../../../simulator/transport/message-ids.js');
    vi.resetModules();
    const second = await import('../../../simulator/transport/message-ids.js');
    expect(second.MessageIds).not.toBe(first.MessageIds);
    // The first client of each run is what restarts at "1" without a run prefix.
    const a = take(new first.MessageIds(), 100);
    const b = take(new second.MessageIds(), 100);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('stays within the 2.0.1 limit of 36 characters', () => {
    const ids = new MessageIds();
    (ids as unknown as { count: number }).count = Number.MAX_SAFE_INTEGER - 1;
    const last = ids.next();
    expect(last.length).toBeLessThanOrEqual(MESSAGE_ID_MAX_CHARS);
    expect(last.length).toBeGreaterThan(20);
  });

  it('a client keeps counting across a reconnect instead of restarting its ids', async () => {
    const server = await ScriptedServer.start();
    cleanups.push(() => server.close());
    const client = new WsOcppClient({ url: server.url(), protocol: 'ocpp1.6', reconnectBaseMs: 10, reconnectMaxMs: 20 });
    cleanups.push(() => client.close());
    await client.connect();
    const first = await server.nextConnection();
    const before = client.call('Heartbeat', {});
    const beforeFrame = await first.answerNextCall({ currentTime: new Date().toISOString() });
    await before;
    first.drop();
    const second = await server.nextConnection();
    await new Promise<void>((resolve) => (client.state === 'open' ? resolve() : client.once('open', () => resolve())));
    const after = client.call('Heartbeat', {});
    const afterFrame = await second.answerNextCall({ currentTime: new Date().toISOString() });
    await after;
    expect(afterFrame[1]).not.toBe(beforeFrame[1]);
    const [prefix, count] = String(beforeFrame[1]).split('.');
    expect(afterFrame[1]).toBe(`${prefix}.${(parseInt(count as string, 36) + 1).toString(36)}`);
  });
});
