/**
 * Site outage: at least `siteOutageFraction` and `siteOutageMinStations` of a site's stations lost
 * connectivity within `siteOutageWindowMs` of each other. Raises ONE site issue and links the stations'
 * no-connectivity issues to it (parentId), so the desk routes one ticket to network/IT instead of N.
 * Acts in beforeRaise: the station issue that completes the outage is announced already linked, after
 * its site issue. Resolved when the silent stations drop below the raise condition (the uplink is back;
 * a station still silent then is its own problem and stays open).
 */
import { issueKey } from '../issue-key.js';
import type { IssueDraft } from '../issue-book.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import type { Evidence, Issue } from '../types.js';

interface Silent {
  stationId: string;
  lostAtSimMs: number;
  issue: Issue | undefined;
  evidence: Evidence | undefined;
}

function lostAtOf(details: Record<string, unknown>, fallbackSimMs: number): number {
  const lostAt = details['lostAtSimMs'];
  return typeof lostAt === 'number' ? lostAt : fallbackSimMs;
}

export function siteOutageRule(ctx: RuleContext): Rule {
  const { siteOutageFraction, siteOutageMinStations, siteOutageWindowMs } = ctx.config;

  function needed(siteId: string): number {
    return Math.max(siteOutageMinStations, Math.ceil(siteOutageFraction * ctx.siteSize(siteId)));
  }

  function silentOf(siteId: string): Silent[] {
    const silent: Silent[] = [];
    for (const issue of ctx.issues.openOfTypeAtSite('no-connectivity', siteId)) {
      if (issue.stationId === undefined) continue;
      silent.push({ stationId: issue.stationId, lostAtSimMs: lostAtOf(issue.details, issue.raisedAt.simMs), issue, evidence: issue.evidence[0] });
    }
    return silent;
  }

  /** The largest group whose losses fit in one window (sliding window over the sorted loss times). */
  function largestGroup(silent: Silent[]): Silent[] {
    const sorted = [...silent].sort((a, b) => a.lostAtSimMs - b.lostAtSimMs);
    let best: Silent[] = [];
    let start = 0;
    for (let end = 0; end < sorted.length; end++) {
      while ((sorted[end] as Silent).lostAtSimMs - (sorted[start] as Silent).lostAtSimMs > siteOutageWindowMs) start++;
      if (end - start + 1 > best.length) best = sorted.slice(start, end + 1);
    }
    return best;
  }

  function onStationSilent(draft: IssueDraft, siteId: string): void {
    const siteKey = issueKey('site-outage', { siteId });
    const open = ctx.issues.findOpen(siteKey);
    if (open) {
      draft.parentId = open.id;
      const stations = [...((open.details['stationIds'] as string[] | undefined) ?? []), draft.stationId as string];
      ctx.issues.update(open, { evidence: draft.evidence.slice(0, 1), details: { stationIds: stations, silentStations: stations.length } });
      return;
    }
    const required = needed(siteId);
    // Cheap exit for the common case of a site too small for an outage (or a lone silent station).
    if (ctx.siteSize(siteId) < required) return;
    const candidate: Silent = {
      stationId: draft.stationId as string,
      lostAtSimMs: lostAtOf(draft.details, draft.atSimMs),
      issue: undefined,
      evidence: draft.evidence[0],
    };
    const group = largestGroup([...silentOf(siteId), candidate]);
    if (group.length < required) return;
    const first = group[0] as Silent;
    const last = group[group.length - 1] as Silent;
    const site = ctx.issues.raise({
      key: siteKey,
      type: 'site-outage',
      atSimMs: draft.atSimMs,
      siteId,
      evidence: group.flatMap((member) => (member.evidence ? [{ ...member.evidence, summary: `${member.stationId}: ${member.evidence.summary}` }] : [])),
      details: {
        stationIds: group.map((member) => member.stationId),
        silentStations: group.length,
        siteStations: ctx.siteSize(siteId),
        requiredStations: required,
        windowMs: siteOutageWindowMs,
        firstLostAtSimMs: first.lostAtSimMs,
        lastLostAtSimMs: last.lostAtSimMs,
      },
    });
    for (const member of group) if (member.issue) ctx.issues.update(member.issue, { parentId: site.id });
    if (group.includes(candidate)) draft.parentId = site.id;
  }

  return defineRule({
    name: 'site-outage',
    eventTypes: [],
    handle() {},
    beforeRaise(draft) {
      if (draft.type !== 'no-connectivity' || draft.siteId === undefined || draft.stationId === undefined) return;
      onStationSilent(draft, draft.siteId);
    },
    onIssueResolved(issue) {
      if (issue.type !== 'no-connectivity' || issue.siteId === undefined || issue.resolvedAt === undefined) return;
      const siteKey = issueKey('site-outage', { siteId: issue.siteId });
      if (!ctx.issues.findOpen(siteKey)) return;
      const stillSilent = silentOf(issue.siteId).length;
      if (stillSilent < needed(issue.siteId)) {
        ctx.issues.resolve(siteKey, issue.resolvedAt.simMs, {
          evidence: issue.evidence.slice(-1),
          details: { silentStationsAtResolution: stillSilent },
        });
      }
    },
  });
}
