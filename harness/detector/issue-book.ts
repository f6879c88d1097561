/**
 * The detector's issues: raise, update, resolve, look up open ones. Lifecycle changes go to a sink
 * (the Detector), which informs subscribers and the rules that react to other rules' issues.
 */
import { randomUUID } from 'node:crypto';
import { appendEvidence } from './evidence.js';
import { ISSUE_TYPES, type IssueType } from '../issues/catalogue.js';
import type { Evidence, Issue, IssueStamp } from './types.js';

export interface IssueDraft {
  key: string;
  type: IssueType;
  /** When the condition held (a threshold's crossing), simulated ms. */
  atSimMs: number;
  stationId?: string;
  evseId?: number;
  connectorId?: number;
  siteId?: string;
  parentId?: string;
  evidence: Evidence[];
  details: Record<string, unknown>;
}

export interface IssueUpdate {
  evidence?: readonly Evidence[];
  details?: Record<string, unknown>;
  parentId?: string;
}

export interface IssueSink {
  /** May adjust the draft (e.g. set parentId) before the issue exists. */
  beforeRaise(draft: IssueDraft): void;
  raised(issue: Issue): void;
  updated(issue: Issue): void;
  resolved(issue: Issue): void;
}

export class IssueBook {
  private readonly openByKey = new Map<string, Issue>();
  private readonly openByType = new Map<IssueType, Set<Issue>>();
  /** Rules that aggregate per site would otherwise scan every open issue on each raise (O(n²) in a mass outage). */
  private readonly openBySite = new Map<string, Set<Issue>>();
  private readonly byId = new Map<string, Issue>();
  private readonly resolvedOrder: Issue[] = [];

  constructor(
    private readonly sink: IssueSink,
    private readonly evidenceMax: number,
    private readonly resolvedKept: number,
  ) {}

  findOpen(key: string): Issue | undefined {
    return this.openByKey.get(key);
  }

  openOfType(type: IssueType): ReadonlySet<Issue> {
    return this.openByType.get(type) ?? new Set();
  }

  openOfTypeAtSite(type: IssueType, siteId: string): Issue[] {
    const atSite = this.openBySite.get(siteId);
    if (!atSite) return [];
    const found: Issue[] = [];
    for (const issue of atSite) if (issue.type === type) found.push(issue);
    return found;
  }

  all(): Issue[] {
    return [...this.byId.values()];
  }

  open(): Issue[] {
    return [...this.openByKey.values()];
  }

  /** Raises a new issue, or returns the open one with the same key unchanged. */
  raise(draft: IssueDraft): Issue {
    const existing = this.openByKey.get(draft.key);
    if (existing) return existing;
    this.sink.beforeRaise(draft);
    // beforeRaise may have raised other issues, never this key; checked again to keep one open per key.
    const raced = this.openByKey.get(draft.key);
    if (raced) return raced;
    const info = ISSUE_TYPES[draft.type];
    const evidence: Evidence[] = [];
    appendEvidence(evidence, draft.evidence, this.evidenceMax);
    const issue: Issue = {
      id: this.newId(info.code),
      key: draft.key,
      type: draft.type,
      code: info.code,
      severity: info.severity,
      evidence,
      raisedAt: stamp(draft.atSimMs),
      details: draft.details,
    };
    if (draft.stationId !== undefined) issue.stationId = draft.stationId;
    if (draft.evseId !== undefined) issue.evseId = draft.evseId;
    if (draft.connectorId !== undefined) issue.connectorId = draft.connectorId;
    if (draft.siteId !== undefined) issue.siteId = draft.siteId;
    if (draft.parentId !== undefined) issue.parentId = draft.parentId;
    this.addOpen(issue);
    this.sink.raised(issue);
    return issue;
  }

  update(issue: Issue, change: IssueUpdate): void {
    if (issue.resolvedAt) return;
    if (change.evidence) appendEvidence(issue.evidence, change.evidence, this.evidenceMax);
    if (change.details) Object.assign(issue.details, change.details);
    if (change.parentId !== undefined) issue.parentId = change.parentId;
    this.sink.updated(issue);
  }

  /** Resolves the open issue with `key`, if any. */
  resolve(key: string, atSimMs: number, change: IssueUpdate = {}): Issue | undefined {
    const issue = this.openByKey.get(key);
    if (!issue) return undefined;
    if (change.evidence) appendEvidence(issue.evidence, change.evidence, this.evidenceMax);
    if (change.details) Object.assign(issue.details, change.details);
    issue.resolvedAt = stamp(atSimMs);
    this.openByKey.delete(key);
    this.openByType.get(issue.type)?.delete(issue);
    if (issue.siteId !== undefined) {
      const atSite = this.openBySite.get(issue.siteId);
      atSite?.delete(issue);
      if (atSite?.size === 0) this.openBySite.delete(issue.siteId);
    }
    this.resolvedOrder.push(issue);
    while (this.resolvedOrder.length > this.resolvedKept) {
      const dropped = this.resolvedOrder.shift() as Issue;
      this.byId.delete(dropped.id);
    }
    this.sink.resolved(issue);
    return issue;
  }

  /** Takes an open issue back after a CSMS restart, without announcing it again. */
  load(issue: Issue): void {
    if (issue.resolvedAt || this.openByKey.has(issue.key) || this.byId.has(issue.id)) return;
    this.addOpen(issue);
  }

  private addOpen(issue: Issue): void {
    this.openByKey.set(issue.key, issue);
    this.byId.set(issue.id, issue);
    let set = this.openByType.get(issue.type);
    if (!set) {
      set = new Set();
      this.openByType.set(issue.type, set);
    }
    set.add(issue);
    if (issue.siteId !== undefined) {
      let atSite = this.openBySite.get(issue.siteId);
      if (!atSite) {
        atSite = new Set();
        this.openBySite.set(issue.siteId, atSite);
      }
      atSite.add(issue);
    }
  }

  private newId(code: string): string {
    // Random rather than a counter: after a CSMS restart a counter would reuse ids already in its store.
    return `${code}-${randomUUID()}`;
  }
}

function stamp(simMs: number): IssueStamp {
  return { simMs, realMs: Date.now() };
}
