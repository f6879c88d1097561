/**
 * No connectivity: no message from a station for `noConnectivityAfterMs` (default 3 heartbeat intervals).
 * Every sign of life moves the station's deadline; the first one after the issue resolves it. A disconnect
 * is not a sign of life but is remembered: it dates the loss more precisely for the site-outage rule.
 */
import type { CsmsEvent, CsmsEventType } from '../../csms/events.js';
import { describe } from '../evidence.js';
import { issueKey } from '../issue-key.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import type { Evidence } from '../types.js';

interface StationState {
  stationId: string;
  key: string;
  lastAt: number;
  lastSeq: number;
  /** Kept as the event, not a summary string: summaries are only built when an issue is raised. */
  lastEvent: CsmsEvent;
  disconnect: CsmsEvent | undefined;
  fire: (atSimMs: number) => void;
}

const EVENT_TYPES: readonly CsmsEventType[] = [
  'connect',
  'disconnect',
  'frame',
  'boot',
  'status',
  'authorize',
  'transaction-started',
  'transaction-ended',
  'protocol-error',
];

export function noConnectivityRule(ctx: RuleContext): Rule {
  const stations = new Map<string, StationState>();
  const afterMs = ctx.noConnectivityAfterMs;

  function raise(state: StationState, atSimMs: number): void {
    const evidence: Evidence[] = [{ seq: state.lastSeq, at: state.lastAt, summary: `last message: ${describe(state.lastEvent)}` }];
    if (state.disconnect) evidence.push({ seq: state.disconnect.seq, at: state.disconnect.at, summary: describe(state.disconnect) });
    const siteId = ctx.siteOf(state.stationId);
    ctx.issues.raise({
      key: state.key,
      type: 'no-connectivity',
      atSimMs,
      stationId: state.stationId,
      siteId,
      evidence,
      details: {
        thresholdMs: afterMs,
        lastMessageAtSimMs: state.lastAt,
        // The socket closing dates the loss better than the last heartbeat, whose phase differs per station.
        lostAtSimMs: state.disconnect?.at ?? state.lastAt,
        disconnected: state.disconnect !== undefined,
      },
    });
  }

  return defineRule({
    name: 'no-connectivity',
    eventTypes: EVENT_TYPES,
    handle(event) {
      // What the CSMS sends is no sign of life from the station.
      if (event.type === 'frame' && event.direction === 'out') return;
      let state = stations.get(event.stationId);
      if (event.type === 'disconnect') {
        if (state) state.disconnect = event;
        return;
      }
      if (!state) {
        const created: StationState = {
          stationId: event.stationId,
          key: issueKey('no-connectivity', { stationId: event.stationId }),
          lastAt: event.at,
          lastSeq: event.seq,
          lastEvent: event,
          disconnect: undefined,
          fire: (atSimMs) => raise(created, atSimMs),
        };
        state = created;
        stations.set(event.stationId, state);
      }
      state.lastAt = event.at;
      state.lastSeq = event.seq;
      state.lastEvent = event;
      state.disconnect = undefined;
      ctx.deadlines.set(state.key, event.at + afterMs, state.fire);
      // Checked first so the hot path (a heartbeat from a healthy station) allocates nothing.
      if (ctx.issues.findOpen(state.key)) {
        ctx.issues.resolve(state.key, event.at, { evidence: [{ seq: event.seq, at: event.at, summary: `back: ${describe(event)}` }] });
      }
    },
  });
}
