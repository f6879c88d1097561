/**
 * Network-wide authorization failures: stations at `networkAuthSites` or more sites have open
 * authorization-failures issues at the same time. That is a central failure (payment, app, token backend)
 * for platform/operations leadership, so it is one issue; the station issues are linked to it (parentId).
 * Resolved when fewer sites have open authorization failures.
 */
import { issueKey } from '../issue-key.js';
import { defineRule, type Rule, type RuleContext } from '../rule.js';
import type { Issue } from '../types.js';

const NETWORK_KEY = issueKey('network-authorization-failures', { extra: 'network' });

export function networkAuthorizationFailuresRule(ctx: RuleContext): Rule {
  const { networkAuthSites } = ctx.config;

  function openStationIssues(): Issue[] {
    return [...ctx.issues.openOfType('authorization-failures')];
  }

  function sitesOf(issues: readonly { siteId?: string }[]): string[] {
    return [...new Set(issues.flatMap((issue) => (issue.siteId === undefined ? [] : [issue.siteId])))];
  }

  return defineRule({
    name: 'network-authorization-failures',
    eventTypes: [],
    handle() {},
    beforeRaise(draft) {
      if (draft.type !== 'authorization-failures') return;
      const open = ctx.issues.findOpen(NETWORK_KEY);
      const children = openStationIssues();
      const sites = sitesOf([...children, draft]);
      if (open) {
        draft.parentId = open.id;
        ctx.issues.update(open, { evidence: draft.evidence.slice(-1), details: { siteIds: sites, sites: sites.length } });
        return;
      }
      if (sites.length < networkAuthSites) return;
      const network = ctx.issues.raise({
        key: NETWORK_KEY,
        type: 'network-authorization-failures',
        atSimMs: draft.atSimMs,
        evidence: [...children.flatMap((child) => child.evidence.slice(-1)), ...draft.evidence.slice(-1)],
        details: { siteIds: sites, sites: sites.length, requiredSites: networkAuthSites },
      });
      for (const child of children) ctx.issues.update(child, { parentId: network.id });
      draft.parentId = network.id;
    },
    onIssueResolved(issue) {
      if (issue.type !== 'authorization-failures' || issue.resolvedAt === undefined || !ctx.issues.findOpen(NETWORK_KEY)) return;
      const sites = sitesOf(openStationIssues());
      if (sites.length < networkAuthSites) {
        ctx.issues.resolve(NETWORK_KEY, issue.resolvedAt.simMs, { details: { sitesAtResolution: sites.length } });
      }
    },
  });
}
