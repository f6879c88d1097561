/** The contract between the Detector and its rules (one file per rule under rules/, listed in registry.ts). */
import type { Clock } from '../../simulator/clock.js';
import type { CsmsEvent, CsmsEventOf, CsmsEventType } from '../csms/events.js';
import type { DetectorConfig } from './config.js';
import type { DeadlineQueue } from './deadline-queue.js';
import type { IssueBook, IssueDraft } from './issue-book.js';
import type { Issue } from './types.js';

export interface RuleContext {
  readonly clock: Clock;
  readonly config: DetectorConfig;
  readonly issues: IssueBook;
  /** Shared by all rules: keys must be prefixed with the rule's name. */
  readonly deadlines: DeadlineQueue;
  /** Silence after which a station has no connectivity, simulated ms. */
  readonly noConnectivityAfterMs: number;
  siteOf(stationId: string): string;
  /** Stations of the site: from `stationsOfSite` when given, else those seen so far. */
  siteSize(siteId: string): number;
}

/** A rule as written: `handle` sees only the event types it asked for. */
export interface TypedRule<T extends CsmsEventType> extends RuleHooks {
  readonly name: string;
  /** Only these event types are routed to `handle`. */
  readonly eventTypes: readonly T[];
  handle(event: CsmsEventOf<T>): void;
}

/** A rule as the detector holds it. */
export interface Rule extends RuleHooks {
  readonly name: string;
  readonly eventTypes: readonly CsmsEventType[];
  handle(event: CsmsEvent): void;
}

interface RuleHooks {
  /** Called before any issue is raised, e.g. to link it to a parent issue. */
  beforeRaise?(draft: IssueDraft): void;
  onIssueRaised?(issue: Issue): void;
  onIssueResolved?(issue: Issue): void;
  /** An open issue reloaded after a CSMS restart: rebuild what the rule needs to resolve it. */
  restore?(issue: Issue): void;
}

export type RuleFactory = (context: RuleContext) => Rule;

/**
 * Erases a rule's event type for the registry. Sound because the detector routes an event only to the
 * rules that listed its type (TypeScript cannot express that per-rule narrowing in one array type).
 */
export function defineRule<T extends CsmsEventType>(rule: TypedRule<T>): Rule {
  return rule as unknown as Rule;
}
