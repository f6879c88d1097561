import { describe, expect, it } from 'vitest';
import { escalationAccuracy } from '../../../harness/playbook/desk-metrics.js';
import { createDesk } from './desk.js';

const MIN_MS = 60_000;

describe('desk metrics', () => {
  it('reports first-contact resolution, time to remote recovery and repeat incidents per charger', async () => {
    const desk = createDesk();
    desk.behave((call) => (call.action === 'UnlockConnector' && call.stationId === 'S1-CP1' ? { then: () => void desk.status('S1-CP1', 1, 'Available') } : undefined));
    desk.raise('stuck-finishing', { stationId: 'S1-CP1', connectorId: 1 });
    await desk.playbook.idle();
    // Raised 15 min ago (detected late), recovered now.
    desk.raise('stuck-finishing', { stationId: 'S1-CP1', connectorId: 1, raisedAt: { simMs: desk.clock.now() - 15 * MIN_MS, realMs: 0 } });
    await desk.playbook.idle();
    desk.raise('stuck-finishing', { stationId: 'S2-CP1', connectorId: 1 });
    await desk.runUntil(() => desk.escalations.length > 0, 60 * MIN_MS, 10_000);

    const metrics = desk.playbook.metrics();
    expect(metrics.firstContactResolutionRate).toBeCloseTo(2 / 3, 9);
    expect(metrics.timeToRemoteRecovery).toEqual({ count: 2, meanMs: 7.5 * MIN_MS, medianMs: 7.5 * MIN_MS });
    expect(metrics.repeatIncidentsByStation).toEqual({ 'S1-CP1': { incidents: 2, repeats: 1, rate: 0.5 }, 'S2-CP1': { incidents: 1, repeats: 0, rate: 0 } });
    expect(metrics.repeatIncidentRate).toBeCloseTo(1 / 3, 9);
  });

  it('compares first escalation targets with an answer key', async () => {
    const desk = createDesk();
    desk.raise('site-outage', { siteId: 'S1' });
    desk.raise('reboot-loop', { stationId: 'S2-CP1', details: { likelyCause: 'firmware' } });
    desk.raise('concurrent-tx', { stationId: 'S2-CP1' });
    await desk.playbook.idle();
    const answerKey = { 'site-outage': 'network-it', 'reboot-loop': 'field-engineering' } as const;
    const accuracy = escalationAccuracy(desk.playbook.tickets(), (t) => answerKey[t.issueType as keyof typeof answerKey]);
    expect(accuracy).toEqual({ compared: 2, correct: 1, rate: 0.5 });
    expect(desk.playbook.routedTickets().map((t) => t.firstTarget)).toEqual(['network-it', 'manufacturer', 'tier-1']);
  });

  it('measures uptime since the last work order closed', async () => {
    const desk = createDesk({ config: { ladders: { 'power-meter-failure': [] } } });
    const issue = desk.raise('power-meter-failure', { stationId: 'S1-CP1', connectorId: 1, details: { errorCode: 'PowerMeterFailure' } });
    await desk.playbook.idle();
    desk.status('S1-CP1', 1, 'Faulted', { errorCode: 'PowerMeterFailure' });
    await desk.runFor(3 * 60 * MIN_MS, 10 * MIN_MS);
    desk.status('S1-CP1', 1, 'Available');
    desk.resolve(issue);
    const closedAt = desk.clock.now();
    await desk.runFor(60 * MIN_MS, 10 * MIN_MS);
    desk.status('S1-CP1', 1, 'Faulted', { errorCode: 'OtherError' });
    await desk.runFor(30 * MIN_MS, 10 * MIN_MS);
    desk.status('S1-CP1', 1, 'Available');
    await desk.runFor(30 * MIN_MS, 10 * MIN_MS);
    // 30 of the 120 minutes since the technician left: (120 − 30) / 120 = 75 %
    expect(desk.playbook.metrics().postInterventionUptime).toEqual([
      expect.objectContaining({ stationId: 'S1-CP1', connectorId: 1, fromMs: closedAt, windowMin: 120, outageMin: 30, uptimePercent: 75 }),
    ]);
  });
});
