import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../harness/detector/types.js';
import type { IssueType } from '../../../harness/issues/catalogue.js';
import type { EscalationTarget } from '../../../harness/issues/teams.js';
import { parsePlaybookConfig } from '../../../harness/playbook/config.js';
import { handlingFor } from '../../../harness/playbook/routing.js';
import { createDesk } from './desk.js';

const STATION = 'S1-CP1';

describe('escalation matrix', () => {
  it('routes a site outage to network/IT with one ticket and no command to any station', async () => {
    const desk = createDesk();
    const site = desk.raise('site-outage', { siteId: 'S1', details: { stationIds: ['S1-CP1', 'S1-CP2'] } });
    await desk.playbook.idle();
    expect(desk.escalations).toEqual([expect.objectContaining({ issueId: site.id, target: 'network-it' })]);
    expect(desk.calls).toEqual([]);
    expect(desk.ticketOf(site)?.messageLog).toHaveLength(6);
  });

  it('leaves the stations of a site outage to the site ticket', async () => {
    const desk = createDesk({ connected: false });
    const early = desk.raise('no-connectivity', { stationId: 'S1-CP1', siteId: 'S1' });
    await desk.runFor(30_000);
    const site = desk.raise('site-outage', { siteId: 'S1' });
    desk.playbook.issueUpdated({ ...early, parentId: site.id });
    desk.raise('no-connectivity', { stationId: 'S1-CP2', siteId: 'S1', parentId: site.id });
    await desk.runFor(3 * 3_600_000, 60_000);
    expect(desk.playbook.tickets().map((t) => t.issueType)).toEqual(['site-outage']);
    expect(desk.escalations.map((e) => e.target)).toEqual(['network-it', 'engineering']);
  });

  it('routes a reboot loop with InternalError to the manufacturer', async () => {
    const desk = createDesk();
    desk.raise('reboot-loop', { stationId: STATION, details: { likelyCause: 'firmware', internalErrorReported: true } });
    await desk.playbook.idle();
    expect(desk.escalations.map((e) => e.target)).toEqual(['manufacturer']);
    expect(desk.playbook.workOrders()).toEqual([]);
  });

  it('sends an electrician for a reboot loop from power loss, and turns to the manufacturer once InternalError shows up', async () => {
    const desk = createDesk();
    const issue = desk.raise('reboot-loop', { stationId: STATION, details: { likelyCause: 'power' } });
    await desk.playbook.idle();
    expect(desk.playbook.workOrders()[0]?.part).toBe('site power supply (electrician)');
    desk.playbook.issueUpdated({ ...issue, details: { likelyCause: 'firmware' } });
    expect(desk.escalations.map((e) => e.target)).toEqual(['field-engineering', 'manufacturer']);
  });

  it('does not close a reboot-loop work order on the Available a station reports between reboots', async () => {
    const desk = createDesk();
    const issue = desk.raise('reboot-loop', { stationId: STATION, details: { likelyCause: 'power' } });
    await desk.playbook.idle();
    desk.status(STATION, 1, 'Available');
    expect(desk.playbook.workOrders()[0]?.status).toBe('open');
    desk.resolve(issue);
    expect(desk.playbook.workOrders()[0]?.status).toBe('closed');
    expect(desk.ticketOf(issue)?.resolution).toBe('field');
  });

  it.each<[IssueType, EscalationTarget]>([
    ['network-authorization-failures', 'platform-leadership'],
    ['authorization-failures', 'tier-1'],
    ['concurrent-tx', 'tier-1'],
    ['repeated-failed-sessions', 'tier-2'],
    ['cost-not-configured', 'tier-2'],
  ])('routes %s to %s without touching the station', async (type, target) => {
    const desk = createDesk();
    desk.raise(type, { stationId: STATION });
    await desk.playbook.idle();
    expect(desk.escalations.map((e) => e.target)).toEqual([target]);
    expect(desk.calls).toEqual([]);
  });

  it('hard-resets a silent station that is still connected, after the site-outage grace', async () => {
    const desk = createDesk({ connected: true });
    desk.behave((call) => (call.action === 'Reset' ? { then: () => void desk.emit({ type: 'boot', stationId: STATION, status: 'Accepted', payload: {} }) } : undefined));
    const issue = desk.raise('no-connectivity', { stationId: STATION });
    await desk.runUntil(() => desk.calls.length > 0, 10 * 60_000);
    expect(desk.calls[0]).toMatchObject({ action: 'Reset', payload: { type: 'Hard' }, atMs: issue.raisedAt.simMs + desk.playbook.config.connectivityGraceMs });
    await desk.playbook.idle();
    expect(desk.ticketOf(issue)).toMatchObject({ status: 'closed', resolution: 'remote' });
  });

  it('sends an unreachable station to Tier 2, then to the field when it stays unreachable', async () => {
    const desk = createDesk({ connected: false, config: { connectivityGraceMs: 0, offlineTier2ToFieldMs: 1_800_000 } });
    const issue = desk.raise('no-connectivity', { stationId: STATION });
    await desk.runUntil(() => desk.escalations.length === 2, 3_600_000, 60_000);
    expect(desk.calls).toEqual([]);
    expect(desk.escalations.map((e) => [e.target, e.at - issue.raisedAt.simMs])).toEqual([
      ['tier-2', 0],
      ['field-engineering', 1_800_000],
    ]);
    expect(desk.playbook.workOrders()[0]).toMatchObject({ stationId: STATION, part: 'on-site power cycle and modem check' });
    expect(desk.playbook.workOrders()[0]?.connectorId).toBeUndefined();
  });

  it('does nothing for a station that is heard again within the grace', async () => {
    const desk = createDesk();
    const issue = desk.raise('no-connectivity', { stationId: STATION });
    await desk.runFor(60_000);
    desk.resolve(issue);
    await desk.runFor(10 * 60_000, 60_000);
    expect(desk.calls).toEqual([]);
    expect(desk.playbook.tickets()).toEqual([]);
  });
});

describe('the matrix read from the issue catalogue', () => {
  const issue = (type: IssueType, details: Record<string, unknown> = {}): Issue => ({
    id: 'I-1',
    key: type,
    type,
    code: 'CD-I000',
    severity: 'major',
    stationId: STATION,
    evidence: [],
    raisedAt: { simMs: 0, realMs: 0 },
    details,
  });

  it('takes a likely cause only when the record names it, so an inherited property name is not a route', () => {
    const config = parsePlaybookConfig();
    expect(handlingFor(issue('reboot-loop', { likelyCause: 'firmware' }), config)).toEqual({
      kind: 'escalate',
      target: 'manufacturer',
      reason: 'reboot loop with InternalError: firmware fault',
      workOrder: false,
    });
    for (const likelyCause of ['power', 'toString', 42]) {
      expect(handlingFor(issue('reboot-loop', { likelyCause }), config)).toEqual({
        kind: 'escalate',
        target: 'field-engineering',
        reason: 'repeated power loss: site power supply, electrician needed',
        workOrder: true,
      });
    }
  });

  it('applies laddersByErrorCode to connector-faulted only, as before the catalogue', () => {
    const config = parsePlaybookConfig({ laddersByErrorCode: { PowerMeterFailure: ['hard-reset'], OtherError: ['trigger-status'] } });
    expect(handlingFor(issue('connector-faulted', { errorCode: 'OtherError' }), config)).toEqual({ kind: 'ladder', ladder: ['trigger-status'] });
    expect(handlingFor(issue('power-meter-failure', { errorCode: 'PowerMeterFailure' }), config)).toEqual({ kind: 'ladder', ladder: ['soft-reset'] });
  });

  it('routes any issue carrying a safety error code to safety handling, whatever its type', () => {
    const config = parsePlaybookConfig();
    expect(handlingFor(issue('stuck-finishing', { errorCode: 'GroundFailure' }), config)).toEqual({ kind: 'safety' });
    expect(handlingFor(issue('reboot-loop', { errorCode: 'OverVoltage' }), config)).toEqual({ kind: 'safety' });
  });

  it('re-routes a type sent straight to a team and says so in the reason', () => {
    const config = parsePlaybookConfig({ routing: { 'cost-not-configured': 'engineering' } });
    expect(handlingFor(issue('cost-not-configured'), config)).toEqual({
      kind: 'escalate',
      target: 'engineering',
      reason: 'no tariff configured for the site: configuration fix (routed to engineering by configuration)',
      workOrder: false,
    });
  });
});
