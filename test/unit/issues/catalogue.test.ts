import { describe, expect, it } from 'vitest';
import {
  ISSUE_TYPES,
  LADDER_ISSUE_TYPES,
  OUTAGE_ISSUE_TYPES,
  ROUTABLE_ISSUE_TYPES,
  defaultLadders,
  type IssueType,
  type LadderIssueType,
  type RoutableIssueType,
} from '../../../harness/issues/catalogue.js';
import { LADDER_STEPS } from '../../../harness/issues/ladder-steps.js';
import { ESCALATION_TARGETS } from '../../../harness/issues/teams.js';

const rows = Object.entries(ISSUE_TYPES);

describe('the issue catalogue', () => {
  it('gives every issue type a stable code of the form CD-Innn, in code order', () => {
    for (const [, info] of rows) expect(info.code).toMatch(/^CD-I\d{3}$/);
    const codes = rows.map(([, info]) => info.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('never gives two issue types the same code', () => {
    const codes = rows.map(([, info]) => info.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('documents every issue type with a title and a one-line description', () => {
    for (const [, info] of rows) {
      expect(info.title.length).toBeGreaterThan(3);
      expect(info.description.length).toBeGreaterThan(10);
      expect(info.description).not.toContain('\n');
      expect(info.part.length).toBeGreaterThan(3);
    }
  });

  it('rates safety faults, site outages and network-wide failures critical', () => {
    expect(ISSUE_TYPES['safety-fault'].severity).toBe('critical');
    expect(ISSUE_TYPES['site-outage'].severity).toBe('critical');
    expect(ISSUE_TYPES['network-authorization-failures'].severity).toBe('critical');
  });

  it('uses only known ladder steps (each at most once) and known teams', () => {
    for (const [type, { handling }] of rows) {
      if (handling.kind === 'ladder' || handling.kind === 'connectivity') {
        expect(handling.steps.filter((step) => !LADDER_STEPS.includes(step)), type).toEqual([]);
        expect(new Set(handling.steps).size, type).toBe(handling.steps.length);
      }
      if (handling.kind === 'escalate') {
        const routes = [handling, ...Object.values(handling.byLikelyCause ?? {})];
        expect(routes.filter((route) => !ESCALATION_TARGETS.includes(route.target)), type).toEqual([]);
        expect(routes.filter((route) => route.reason.length < 10), type).toEqual([]);
      }
    }
  });
});

describe('the tables derived from the catalogue', () => {
  // The lists as they stood before the catalogue; a new issue type adds itself here on purpose.
  it('lists the ladder issue types', () => {
    const expected: LadderIssueType[] = ['no-connectivity', 'connector-faulted', 'power-meter-failure', 'stuck-finishing'];
    expect(LADDER_ISSUE_TYPES).toEqual(expected);
  });

  it('lists the re-routable issue types: every one sent straight to a team, none with a ladder or safety handling', () => {
    const expected: RoutableIssueType[] = [
      'site-outage',
      'reboot-loop',
      'authorization-failures',
      'network-authorization-failures',
      'concurrent-tx',
      'cost-not-configured',
      'repeated-failed-sessions',
    ];
    expect(ROUTABLE_ISSUE_TYPES).toEqual(expected);
  });

  it('counts the issue types that take a port or station out of service as outages', () => {
    const expected: IssueType[] = ['no-connectivity', 'site-outage', 'connector-faulted', 'safety-fault', 'power-meter-failure', 'stuck-finishing', 'reboot-loop'];
    expect([...OUTAGE_ISSUE_TYPES]).toEqual(expected);
  });

  it('gives each ladder issue type its default ladder, as a fresh copy each time', () => {
    expect(defaultLadders()).toEqual({
      'no-connectivity': ['hard-reset'],
      'connector-faulted': ['trigger-status', 'unlock-connector', 'soft-reset', 'hard-reset'],
      'power-meter-failure': ['soft-reset'],
      'stuck-finishing': ['unlock-connector', 'soft-reset', 'hard-reset'],
    });
    const ladders = defaultLadders();
    ladders['stuck-finishing'].push('trigger-status');
    expect(defaultLadders()['stuck-finishing']).toEqual(['unlock-connector', 'soft-reset', 'hard-reset']);
  });
});
