/**
 * One record per issue type the detector raises (docs/domain.md §4) and how the desk handles it by default
 * (docs/domain.md §5). Everything keyed by issue type elsewhere (the IssueType union, the ladder and
 * routable types, default ladders, outage types, the part by type, the escalation matrix) is derived
 * from here. A new issue type gets the next free code (codes are never reused), a record here, a row in
 * docs/codes.md and an entry in the scenario schema's issueType enum (tests check both).
 */
import type { LadderStep } from './ladder-steps.js';
import type { EscalationTarget } from './teams.js';

export type Severity = 'critical' | 'major' | 'minor';
/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'major', 'minor'];

/** Where an escalation goes and why; with `workOrder`, field service is dispatched too. */
export interface EscalationRoute {
  target: EscalationTarget;
  reason: string;
  workOrder: boolean;
}

/** How the desk handles an issue type when no safety error code overrides it. */
export type DefaultHandling =
  /**
   * Climb `steps` (config `ladders` may replace them); exhausted → field service with a work order.
   * With `byErrorCode`, config `laddersByErrorCode` replaces the ladder for the issue's error code.
   */
  | { kind: 'ladder'; steps: readonly LadderStep[]; byErrorCode?: true }
  /** Hard reset if the station is still connected, else Tier 2 and later the field; part of a site outage, it follows the site's ticket. */
  | { kind: 'connectivity'; steps: readonly LadderStep[] }
  /** Connector Inoperative and field engineering at once; never a reset. */
  | { kind: 'safety' }
  /**
   * Straight to a team. `byLikelyCause`: another route when the issue's `details.likelyCause` names one.
   * `reroutable`: config `routing` may change the target.
   */
  | (EscalationRoute & { kind: 'escalate'; reroutable: boolean; byLikelyCause?: Readonly<Record<string, EscalationRoute>> });

export interface IssueTypeRecord {
  /** CD-Innn, documented in docs/codes.md; never reused for another meaning. */
  code: string;
  title: string;
  /** One line, as in docs/codes.md. */
  description: string;
  severity: Severity;
  /** Takes a port or station out of service: counts for the outage time rule and gets a part on its ticket. */
  outage: boolean;
  /** What a technician brings when dispatched for this type, unless the issue's error code names a part. */
  part: string;
  handling: DefaultHandling;
}

const CATALOGUE = {
  'no-connectivity': {
    code: 'CD-I001',
    title: 'Station not communicating',
    description: 'No message from the station for the configured number of heartbeat intervals.',
    severity: 'major',
    outage: true,
    part: 'on-site power cycle and modem check',
    // Only a reboot can revive a hung modem; the step is skipped when the station is not connected.
    handling: { kind: 'connectivity', steps: ['hard-reset'] },
  },
  'site-outage': {
    code: 'CD-I002',
    title: 'Site outage',
    description: "Enough of a site's stations lost connectivity within a short window: one site issue for network/IT.",
    severity: 'critical',
    outage: true,
    part: 'on-site diagnosis',
    handling: {
      kind: 'escalate',
      target: 'network-it',
      reason: 'site network outage: several stations of the site lost connectivity at once',
      workOrder: false,
      reroutable: true,
    },
  },
  'connector-faulted': {
    code: 'CD-I003',
    title: 'Connector faulted',
    description: 'A connector reported Faulted for a reason that is neither a safety fault nor a power meter failure.',
    severity: 'major',
    outage: true,
    part: 'on-site diagnosis',
    handling: { kind: 'ladder', steps: ['trigger-status', 'unlock-connector', 'soft-reset', 'hard-reset'], byErrorCode: true },
  },
  'safety-fault': {
    code: 'CD-I004',
    title: 'Safety fault',
    description: 'Ground, over-current, over/under-voltage or temperature fault: field engineering at once, never auto-reset.',
    severity: 'critical',
    outage: true,
    part: 'on-site diagnosis',
    handling: { kind: 'safety' },
  },
  'power-meter-failure': {
    code: 'CD-I005',
    title: 'Power meter failure',
    description: 'The energy meter failed: sessions cannot be billed.',
    severity: 'major',
    outage: true,
    part: 'energy meter',
    handling: { kind: 'ladder', steps: ['soft-reset'] },
  },
  'stuck-finishing': {
    code: 'CD-I006',
    title: 'Stuck in Finishing',
    description: 'The connector did not return to Available within the threshold after its session ended.',
    severity: 'minor',
    outage: true,
    part: 'connector and cable inspection',
    // Finishing is a stuck cable or state: unlocking is the first thing that can help, a status refresh cannot.
    handling: { kind: 'ladder', steps: ['unlock-connector', 'soft-reset', 'hard-reset'] },
  },
  'reboot-loop': {
    code: 'CD-I007',
    title: 'Reboot loop',
    description: 'Repeated boots or PowerLoss stops within the window: site power, or firmware if InternalError was reported.',
    severity: 'major',
    outage: true,
    part: 'site power supply (electrician)',
    handling: {
      kind: 'escalate',
      target: 'field-engineering',
      reason: 'repeated power loss: site power supply, electrician needed',
      workOrder: true,
      reroutable: true,
      byLikelyCause: { firmware: { target: 'manufacturer', reason: 'reboot loop with InternalError: firmware fault', workOrder: false } },
    },
  },
  'authorization-failures': {
    code: 'CD-I008',
    title: 'Repeated authorization failures',
    description: 'Repeated rejected Authorize requests at one station within the window.',
    severity: 'minor',
    outage: false,
    part: 'on-site diagnosis',
    handling: {
      kind: 'escalate',
      target: 'tier-1',
      reason: 'repeated rejected authorizations at one station: user or account issue',
      workOrder: false,
      reroutable: true,
    },
  },
  'network-authorization-failures': {
    code: 'CD-I009',
    title: 'Network-wide authorization failures',
    description: 'Authorization failures at several sites at once: a central system failure, not one charger.',
    severity: 'critical',
    outage: false,
    part: 'on-site diagnosis',
    handling: {
      kind: 'escalate',
      target: 'platform-leadership',
      reason: 'authorization failing at several sites: central system failure',
      workOrder: false,
      reroutable: true,
    },
  },
  'concurrent-tx': {
    code: 'CD-I010',
    title: 'Token already in a session',
    description: 'A token was refused because it is already in a session elsewhere.',
    severity: 'minor',
    outage: false,
    part: 'on-site diagnosis',
    handling: {
      kind: 'escalate',
      target: 'tier-1',
      reason: 'token already in a session elsewhere: user or account issue',
      workOrder: false,
      reroutable: true,
    },
  },
  'cost-not-configured': {
    code: 'CD-I011',
    title: 'No tariff configured',
    description: 'A session was refused because no tariff is configured for the site.',
    severity: 'major',
    outage: false,
    part: 'on-site diagnosis',
    handling: { kind: 'escalate', target: 'tier-2', reason: 'no tariff configured for the site: configuration fix', workOrder: false, reroutable: true },
  },
  'repeated-failed-sessions': {
    code: 'CD-I012',
    title: 'Repeated failed sessions',
    description: 'Repeated sessions on one charger failed: refused, stopped by a fault, or delivered no energy.',
    severity: 'major',
    outage: false,
    part: 'on-site diagnosis',
    handling: {
      kind: 'escalate',
      target: 'tier-2',
      reason: 'repeated failed sessions on one charger: configuration, connectivity or firmware',
      workOrder: false,
      reroutable: true,
    },
  },
} as const satisfies Record<string, IssueTypeRecord>;

type Catalogue = typeof CATALOGUE;

export type IssueType = keyof Catalogue;

/** The catalogue, in code order. */
export const ISSUE_TYPES: Readonly<Record<IssueType, IssueTypeRecord>> = CATALOGUE;

const ALL_TYPES = Object.keys(CATALOGUE) as IssueType[];

function typesWhere(test: (record: IssueTypeRecord) => boolean): IssueType[] {
  return ALL_TYPES.filter((type) => test(ISSUE_TYPES[type]));
}

/** Issue types the desk tries to fix remotely. Safety faults are deliberately absent: they never climb a ladder. */
export type LadderIssueType = { [T in IssueType]: Catalogue[T]['handling'] extends { kind: 'ladder' | 'connectivity' } ? T : never }[IssueType];
export const LADDER_ISSUE_TYPES: readonly LadderIssueType[] = typesWhere((r) => r.handling.kind === 'ladder' || r.handling.kind === 'connectivity') as LadderIssueType[];

/**
 * Issue types the matrix hands straight to a team whose target config `routing` may change. Safety
 * faults, ladders and connectivity are never among them: field engineering for a ground fault is not a
 * matter of configuration.
 */
export type RoutableIssueType = { [T in IssueType]: Catalogue[T]['handling'] extends { reroutable: true } ? T : never }[IssueType];
export const ROUTABLE_ISSUE_TYPES: readonly RoutableIssueType[] = typesWhere((r) => r.handling.kind === 'escalate' && r.handling.reroutable) as RoutableIssueType[];

/** Issues that take a port or station out of service; the rest (auth, tariff, sessions) are not outages. */
export const OUTAGE_ISSUE_TYPES: ReadonlySet<IssueType> = new Set(typesWhere((r) => r.outage));

/** The default ladder of each ladder issue type, as fresh arrays. */
export function defaultLadders(): Record<LadderIssueType, LadderStep[]> {
  return Object.fromEntries(
    LADDER_ISSUE_TYPES.map((type) => {
      const handling = ISSUE_TYPES[type].handling;
      return [type, handling.kind === 'ladder' || handling.kind === 'connectivity' ? [...handling.steps] : []];
    }),
  ) as Record<LadderIssueType, LadderStep[]>;
}
