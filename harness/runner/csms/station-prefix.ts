/**
 * Keeping scenarios apart on a CSMS that outlives them (`--csms-url http://…`): each scenario's stations connect
 * as `r<run>-S1-CP1`, so nothing an earlier scenario left behind (a station gone silent, an open issue) is taken
 * for this one's, and `siteOfStation` still groups them by site (`r<run>-S1`). The runner keeps its own ids
 * (`S1-CP1`): only the wire and the CSMS's API see the prefix, and what comes back is mapped home here.
 */
import { randomBytes } from 'node:crypto';
import type { CsmsEvent } from '../../csms/events.js';
import type { Issue } from '../../detector/types.js';
import type { DeskReadings } from './target.js';

/** `r` and 6 base-36 characters: lower case, so it can never contain the `-CP` that separates a site from its station. */
export function newStationPrefix(): string {
  const n = randomBytes(4).readUInt32BE(0);
  return `r${n.toString(36).padStart(6, '0').slice(-6)}-`;
}

export class StationPrefix {
  constructor(readonly prefix: string) {}

  remote(id: string): string {
    return `${this.prefix}${id}`;
  }

  /** The runner's id of a CSMS-side station or site id; undefined when it is not this scenario's. */
  local(id: string): string | undefined {
    return id.startsWith(this.prefix) ? id.slice(this.prefix.length) : undefined;
  }

  /** The event as this scenario's, ids mapped home; undefined when it is about another scenario's stations. */
  event(event: CsmsEvent, knownIssue: (id: string) => boolean): CsmsEvent | undefined {
    switch (event.type) {
      case 'issue-raised':
      case 'issue-resolved': {
        const issue = this.issue(event.issue);
        return issue && { ...event, issue };
      }
      case 'escalation':
        // Escalations name their issue only: one this scenario saw raised is this scenario's.
        return knownIssue(event.escalation.issueId) ? event : undefined;
      case 'action': {
        const stationId = this.local(event.action.stationId);
        return stationId === undefined ? undefined : { ...event, action: { ...event.action, stationId } };
      }
      case 'work-order': {
        const stationId = this.local(event.workOrder.stationId);
        return stationId === undefined ? undefined : { ...event, workOrder: { ...event.workOrder, stationId } };
      }
      default:
        return undefined;
    }
  }

  /** The desk's uptime over this scenario's stations only, their ids mapped home. */
  readings(readings: DeskReadings): DeskReadings {
    const stations = readings.stations.flatMap((s) => {
      const stationId = this.local(s.stationId);
      return stationId === undefined ? [] : [{ ...s, stationId }];
    });
    const ports = stations.flatMap((s) => s.connectors);
    return {
      ...readings,
      stations,
      ports: ports.length,
      meanPortUptimePercent: ports.length === 0 ? undefined : ports.reduce((sum, p) => sum + p.uptimePercent, 0) / ports.length,
      portsBelowNevi: readings.portsBelowNevi.flatMap((p) => {
        const stationId = this.local(p.stationId);
        return stationId === undefined ? [] : [{ ...p, stationId }];
      }),
    };
  }

  private issue(issue: Issue): Issue | undefined {
    const stationId = issue.stationId === undefined ? undefined : this.local(issue.stationId);
    const siteId = issue.siteId === undefined ? undefined : this.local(issue.siteId);
    if (issue.stationId !== undefined && stationId === undefined) return undefined;
    if (issue.siteId !== undefined && siteId === undefined) return undefined;
    if (stationId === undefined && siteId === undefined) return undefined;
    return { ...issue, ...(stationId !== undefined && { stationId }), ...(siteId !== undefined && { siteId }) };
  }
}
