/**
 * Child process of bench/transport.ts and bench/engine-overhead.ts: a minimal raw-`ws` OCPP-J server answering
 * every Heartbeat CALL with `[3, id, {currentTime}]`. So that load-engine stations can boot before they heartbeat,
 * it also accepts a BootNotification and answers a StatusNotification; any other CALL gets a NotImplemented
 * CALLERROR. It runs in its own process so its CPU and memory stay out of the client measurement. Reports its
 * port over IPC; exits when the parent goes away.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  perMessageDeflate: false,
  // A fleet connects in bursts; the default backlog would refuse some of them.
  backlog: 4_096,
  handleProtocols: (offered) => [...offered][0] ?? false,
});

wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as unknown[];
    if (frame[0] !== 2) return;
    if (frame[2] === 'Heartbeat') {
      ws.send(JSON.stringify([3, frame[1], { currentTime: new Date().toISOString() }]));
    } else if (frame[2] === 'BootNotification') {
      ws.send(JSON.stringify([3, frame[1], { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 }]));
    } else if (frame[2] === 'StatusNotification') {
      ws.send(JSON.stringify([3, frame[1], {}]));
    } else {
      ws.send(JSON.stringify([4, frame[1], 'NotImplemented', `the bench server answers Heartbeat, BootNotification and StatusNotification only, not ${String(frame[2])}`, {}]));
    }
  });
});

wss.on('listening', () => process.send?.({ port: (wss.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(0));
