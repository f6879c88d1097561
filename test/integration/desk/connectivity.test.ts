/**
 * Done-when (c) and (d): a station gone silent with its socket open raises no-connectivity within the stated
 * precision; half of a site going dark raises ONE site outage routed to network/IT and no station tickets.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { CsmsEvent } from '../../../harness/csms/events.js';
import { DEFAULT_DETECTOR_CONFIG } from '../../../harness/detector/config.js';
import { DEFAULT_PLAYBOOK_CONFIG } from '../../../harness/playbook/config.js';
import type { IssueView } from '../../../harness/desk/issue-view.js';
import { DeskRig, HEARTBEAT_S } from './fixture.js';

let rig: DeskRig;
afterEach(() => rig?.close());

/** What the CSMS hears from a station (a frame in, and what it derives from one): what resets the silence. */
const SIGNS_OF_LIFE: ReadonlySet<string> = new Set(['connect', 'boot', 'status', 'authorize', 'transaction-started', 'transaction-ended', 'protocol-error']);
function isSignOfLife(e: CsmsEvent): boolean {
  return e.type === 'frame' ? e.direction === 'in' : SIGNS_OF_LIFE.has(e.type);
}

const THRESHOLD_MS = DEFAULT_DETECTOR_CONFIG.noConnectivityHeartbeatMultiple * HEARTBEAT_S * 1_000;

describe('a station gone silent with its socket open', () => {
  it('raises no-connectivity within max(1 % of the threshold, 1 simulated s) plus the event loop’s own delay', async () => {
    rig = await DeskRig.start();
    // One station per site: a lone silent station is never a site outage.
    const ids = ['S1-CP1', 'S2-CP1', 'S3-CP1'];
    const handles = await Promise.all(ids.map((id, i) => rig.station(id, i % 2 === 0 ? 'ocpp1.6' : 'ocpp2.0.1')));
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    for (const h of handles) h.station.behaviour.heartbeatMuted = true;

    // The last message may be up to one heartbeat before muting; the crossing is at most THRESHOLD after muting.
    const raised = await Promise.all(ids.map((id) => rig.waitFor('issue-raised', (e) => e.issue.type === 'no-connectivity' && e.issue.stationId === id, THRESHOLD_MS)));
    loop.disable();

    const toleranceSimMs = Math.max(0.01 * THRESHOLD_MS, 1_000);
    // Scheduling allowance: a clock timer cannot fire while the event loop is busy, and Node timers have
    // 1 real ms resolution; so the allowance is (worst loop delay seen + 1 ms) real, in simulated ms by the clock.
    const allowanceSimMs = rig.clock.toSimMs(loop.max / 1e6 + 1);
    for (const event of raised) {
      const stationId = event.issue.stationId as string;
      const lastSign = rig.events.filter((e) => e.stationId === stationId && e.seq < event.seq && isSignOfLife(e)).at(-1);
      // raisedAt is the crossing itself: the last sign of life + threshold.
      expect(event.issue.raisedAt.simMs).toBe((lastSign?.at ?? NaN) + THRESHOLD_MS);
      const lateSimMs = event.at - event.issue.raisedAt.simMs;
      expect(lateSimMs).toBeGreaterThanOrEqual(0);
      expect(lateSimMs).toBeLessThanOrEqual(toleranceSimMs + allowanceSimMs);
      if (process.env['DESK_PRECISION_LOG']) console.log(`${stationId}: ${lateSimMs.toFixed(1)} sim ms late (tolerance ${toleranceSimMs} + allowance ${allowanceSimMs.toFixed(0)}; loop max ${(loop.max / 1e6).toFixed(2)} ms)`);
      expect(event.issue.details).toMatchObject({ disconnected: false });
    }
    expect(rig.of('issue-raised', (e) => e.issue.type !== 'no-connectivity')).toEqual([]);
  });
});

describe('half of a site going dark', () => {
  it('raises one site outage routed to network/IT, with the stations linked to it and no ticket of their own', async () => {
    rig = await DeskRig.start();
    const site = ['S1-CP1', 'S1-CP2', 'S1-CP3', 'S1-CP4'];
    const handles = await Promise.all(site.map((id, i) => rig.station(id, i % 2 === 0 ? 'ocpp1.6' : 'ocpp2.0.1')));
    const dark = handles.slice(0, 2);
    for (const h of dark) h.station.transport.drop({ reconnect: false });

    // Each dark station crosses the threshold at most one heartbeat apart (their last heartbeats' phase).
    const outage = await rig.waitFor('issue-raised', (e) => e.issue.type === 'site-outage', THRESHOLD_MS + HEARTBEAT_S * 1_000);
    expect(outage.issue).toMatchObject({ siteId: 'S1', details: { silentStations: 2, siteStations: 4 } });
    const escalation = await rig.waitFor('escalation', (e) => e.escalation.issueId === outage.issue.id, 0);
    expect(escalation.escalation.target).toBe('network-it');

    // Past the grace in which a silent station waits for a forming site outage, no station ticket may exist.
    const stationIssues = rig.of('issue-raised', (e) => e.issue.type === 'no-connectivity');
    expect(stationIssues.map((e) => e.issue.stationId).sort()).toEqual(['S1-CP1', 'S1-CP2']);
    const firstRaisedAt = Math.min(...stationIssues.map((e) => e.at));
    await rig.pass(firstRaisedAt + DEFAULT_PLAYBOOK_CONFIG.connectivityGraceMs - rig.clock.now() + HEARTBEAT_S * 1_000);

    expect(rig.desk.tickets().map((t) => [t.issueType, t.siteId, t.assignedTo])).toEqual([['site-outage', 'S1', 'network-it']]);
    const res = await fetch(`${rig.csms.url}/api/issues?open=true&type=no-connectivity`);
    const linked = (await res.json()) as IssueView[];
    expect(linked.map((i) => [i.stationId, i.parentId])).toEqual(
      expect.arrayContaining([
        ['S1-CP1', outage.issue.id],
        ['S1-CP2', outage.issue.id],
      ]),
    );
    expect(linked).toHaveLength(2);
    expect(rig.of('issue-raised').map((e) => e.issue.type).sort()).toEqual(['no-connectivity', 'no-connectivity', 'site-outage']);
    expect(rig.of('command')).toEqual([]);
  });
});
