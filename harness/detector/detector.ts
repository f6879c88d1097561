/**
 * The issue detector: consumes the CSMS's event stream, runs the rules in registry.ts, and announces
 * issues as they are raised, updated and resolved. Thresholds run on the shared clock (simulated time).
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../../simulator/clock.js';
import { siteOfStation } from '../../simulator/vocabulary/site.js';
import type { CsmsEvent, CsmsEventType } from '../csms/events.js';
import { DetectorConfigError, parseDetectorConfig, type DetectorConfig } from './config.js';
import { DeadlineQueue } from './deadline-queue.js';
import { IssueBook, type IssueDraft, type IssueSink } from './issue-book.js';
import { DEFAULT_RULES } from './registry.js';
import type { Rule, RuleContext, RuleFactory } from './rule.js';
import type { Issue } from './types.js';

export interface DetectorEvents {
  'issue-raised': [issue: Issue];
  'issue-updated': [issue: Issue];
  'issue-resolved': [issue: Issue];
  /** A rule or a subscriber threw; the detector carries on with the next event. */
  'internal-error': [error: unknown, where: string];
}

export interface DetectorOptions {
  clock: Clock;
  config?: Partial<DetectorConfig>;
  /** The CSMS's heartbeat interval (BootNotification `interval`), seconds. */
  heartbeatIntervalS: number;
  /** The site of a station; default: the id's prefix before `-CP` (`S3-CP12` → `S3`). */
  siteOf?: (stationId: string) => string;
  /** A site's stations, to know its size; without it the size is the number of its stations seen so far. */
  stationsOfSite?: (siteId: string) => readonly string[];
  /** For tests and extensions; default: every rule in registry.ts. */
  rules?: readonly RuleFactory[];
}

export class Detector extends EventEmitter<DetectorEvents> {
  readonly config: DetectorConfig;
  private readonly book: IssueBook;
  private readonly deadlines: DeadlineQueue;
  private readonly rules: Rule[];
  private readonly rulesByType = new Map<CsmsEventType, Rule[]>();
  private readonly siteOfStation = new Map<string, string>();
  private readonly seenStationsOfSite = new Map<string, Set<string>>();
  private readonly siteOfFn: (stationId: string) => string;
  private stopped = false;

  constructor(options: DetectorOptions) {
    super();
    this.config = parseDetectorConfig(options.config);
    const { heartbeatIntervalS } = options;
    if (this.config.noConnectivityAfterMs === undefined && !(typeof heartbeatIntervalS === 'number' && Number.isFinite(heartbeatIntervalS) && heartbeatIntervalS > 0)) {
      throw new DetectorConfigError([{ path: '/heartbeatIntervalS', message: `${String(heartbeatIntervalS)} is not allowed`, allowed: ['a number of seconds > 0'] }]);
    }
    const siteOf = options.siteOf ?? siteOfStation;
    this.siteOfFn = siteOf;
    const stationsOfSite = options.stationsOfSite;
    this.deadlines = new DeadlineQueue(options.clock, (error, key) => this.report(error, `deadline ${key}`));
    this.book = new IssueBook(this.sink(), this.config.evidenceMax, this.config.resolvedIssuesKept);
    const context: RuleContext = {
      clock: options.clock,
      config: this.config,
      issues: this.book,
      deadlines: this.deadlines,
      noConnectivityAfterMs: this.config.noConnectivityAfterMs ?? this.config.noConnectivityHeartbeatMultiple * heartbeatIntervalS * 1000,
      siteOf: (stationId) => this.siteOfCached(stationId, siteOf),
      siteSize: (siteId) => stationsOfSite?.(siteId).length ?? this.seenStationsOfSite.get(siteId)?.size ?? 0,
    };
    this.rules = (options.rules ?? DEFAULT_RULES).map((factory) => factory(context));
    for (const rule of this.rules) {
      for (const type of rule.eventTypes) {
        let list = this.rulesByType.get(type);
        if (!list) {
          list = [];
          this.rulesByType.set(type, list);
        }
        list.push(rule);
      }
    }
  }

  handle(event: CsmsEvent): void {
    if (this.stopped) return;
    if (!this.siteOfStation.has(event.stationId)) this.siteOfCached(event.stationId, this.siteOfFn);
    const rules = this.rulesByType.get(event.type);
    if (!rules) return;
    for (const rule of rules) {
      try {
        rule.handle(event);
      } catch (error) {
        this.report(error, `rule ${rule.name}`);
      }
    }
  }

  /** Every issue still in memory, open and resolved (see DetectorConfig.resolvedIssuesKept). */
  issues(): Issue[] {
    return this.book.all();
  }

  openIssues(): Issue[] {
    return this.book.open();
  }

  /**
   * Takes back open issues a restarted CSMS reloaded from its store: they are not announced again, and
   * the rules re-arm what resolves them. Resolved ones are ignored.
   */
  restore(openIssues: readonly Issue[]): void {
    for (const issue of openIssues) {
      if (issue.resolvedAt) continue;
      this.book.load(issue);
      if (issue.stationId !== undefined) this.siteOfCached(issue.stationId, this.siteOfFn);
      for (const rule of this.rules) this.safely(rule, () => rule.restore?.(issue));
    }
  }

  /** Cancels every pending deadline; later events are ignored. */
  stop(): void {
    this.stopped = true;
    this.deadlines.stop();
  }

  private siteOfCached(stationId: string, siteOf: (stationId: string) => string): string {
    let siteId = this.siteOfStation.get(stationId);
    if (siteId === undefined) {
      siteId = siteOf(stationId);
      this.siteOfStation.set(stationId, siteId);
      let stations = this.seenStationsOfSite.get(siteId);
      if (!stations) {
        stations = new Set();
        this.seenStationsOfSite.set(siteId, stations);
      }
      stations.add(stationId);
    }
    return siteId;
  }

  private sink(): IssueSink {
    return {
      beforeRaise: (draft: IssueDraft) => {
        for (const rule of this.rules) if (rule.beforeRaise) this.safely(rule, () => rule.beforeRaise?.(draft));
      },
      raised: (issue) => {
        this.announce('issue-raised', issue);
        for (const rule of this.rules) if (rule.onIssueRaised) this.safely(rule, () => rule.onIssueRaised?.(issue));
      },
      updated: (issue) => this.announce('issue-updated', issue),
      resolved: (issue) => {
        this.announce('issue-resolved', issue);
        for (const rule of this.rules) if (rule.onIssueResolved) this.safely(rule, () => rule.onIssueResolved?.(issue));
      },
    };
  }

  private announce(name: 'issue-raised' | 'issue-updated' | 'issue-resolved', issue: Issue): void {
    try {
      this.emit(name, issue);
    } catch (error) {
      // A throwing subscriber must not leave a rule half-way through its state change.
      this.report(error, `subscriber of ${name}`);
    }
  }

  private safely(rule: Rule, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.report(error, `rule ${rule.name}`);
    }
  }

  private report(error: unknown, where: string): void {
    if (this.listenerCount('internal-error') > 0) this.emit('internal-error', error, where);
    else process.emitWarning(`detector: ${where} failed: ${error instanceof Error ? error.message : String(error)}`, 'DetectorWarning');
  }
}
