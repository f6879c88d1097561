/**
 * Item 5: the desk's events flow through the CSMS's bus, so they reach GET /api/events (SSE), and they
 * are POSTed to webhooks, retried after a failed attempt, without the CSMS waiting for the receiver.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CsmsEvent, DeskEvent } from '../../../harness/csms/events.js';
import { DeskRig } from './fixture.js';

let rig: DeskRig | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await rig?.close();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve) ?? resolve(undefined));
  rig = undefined;
  receiver = undefined;
});

interface Received {
  body: DeskEvent;
  status: number;
}

describe('the desk’s events', () => {
  it('reach GET /api/events in causal order: the fault, the issue, then the escalation', async () => {
    rig = await DeskRig.start();
    const cp = await rig.station('S1-CP1', 'ocpp1.6');
    const res = await fetch(`${rig.csms.url}/api/events?types=status,issue-raised,escalation`);
    const reader = res.body!.getReader();
    cp.station.setConnectorFault(1, 'HighTemperature');
    const seen: CsmsEvent[] = [];
    let buffer = '';
    while (!seen.some((e) => e.type === 'escalation')) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (data) seen.push(JSON.parse(data.slice('data: '.length)) as CsmsEvent);
      }
    }
    await reader.cancel();
    const order = seen.filter((e) => e.type !== 'status' || e.status === 'Faulted').map((e) => e.type);
    expect(order).toEqual(['status', 'issue-raised', 'escalation']);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seen[1]).toMatchObject({ stationId: 'S1-CP1', siteId: 'S1', issue: { type: 'safety-fault', details: { errorCode: 'HighTemperature' } } });
  });

  it('are POSTed to a webhook, retried after a failed attempt, while the CSMS carries on', async () => {
    const received: Received[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    let retried!: () => void;
    const retriedOk = new Promise<void>((resolve) => (retried = resolve));
    receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const first = received.length === 0;
        const status = first ? 500 : 200;
        received.push({ body: JSON.parse(text) as DeskEvent, status });
        const answer = () => res.writeHead(status).end();
        if (!first) {
          answer();
          return retried();
        }
        firstArrived();
        // The first attempt is held open, then fails: the CSMS must not wait for it.
        void firstHeld.then(answer);
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    rig = await DeskRig.start({ deskConfig: { webhooks: [{ url, events: ['issue-raised'], initialBackoffMs: 20, maxAttempts: 3 }] } });
    const cp = await rig.station('S1-CP1', 'ocpp1.6');
    cp.station.setConnectorFault(1, 'GroundFailure');
    const raised = await rig.waitFor('issue-raised', (e) => e.issue.type === 'safety-fault', 0);
    await arrived;
    // While the receiver holds its answer, the CSMS still runs the desk and talks to stations.
    await rig.waitFor('escalation', (e) => e.escalation.issueId === raised.issue.id, 0);
    expect(await rig.csms.sendCommand('S1-CP1', 'TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    releaseFirst();

    // The retry follows within the jittered backoff (20 ms at most for the 2nd attempt).
    await retriedOk;
    expect(received.map((r) => [r.body.type, r.body.seq, r.status])).toEqual([
      ['issue-raised', raised.seq, 500],
      ['issue-raised', raised.seq, 200],
    ]);
    expect(received[1]?.body).toEqual(JSON.parse(JSON.stringify(raised)));
  });
});
