/** Detected issues with what the desk did about them: shared by the station page and the desk. */
import { ISSUE_TYPES } from '../../../harness/issues/catalogue.js';
import { formatTime } from '../format.js';
import { hrefOf } from '../routes.js';
import type { IssueView } from '../types.js';
import { Link, SeverityBadge } from '../ui.js';

export function issueTitle(issue: IssueView): string {
  return ISSUE_TYPES[issue.type]?.title ?? issue.type;
}

function where(issue: IssueView): string {
  const port = issue.evseId !== undefined ? ` EVSE ${issue.evseId}` : issue.connectorId !== undefined ? ` connector ${issue.connectorId}` : '';
  return issue.stationId ? `${issue.stationId}${port}` : issue.siteId ? `site ${issue.siteId}` : 'network';
}

export function IssueList(props: { issues: readonly IssueView[]; linkStations?: boolean; headingLevel: 3 | 4 }) {
  const H = props.headingLevel === 3 ? 'h3' : 'h4';
  return (
    <ul class="issues">
      {props.issues.map((issue) => (
        <li key={issue.id} class={`issue sev-${issue.severity}`} data-issue-type={issue.type}>
          <H>
            {issueTitle(issue)} <span class="code">{issue.code}</span> <SeverityBadge severity={issue.severity} />
          </H>
          <p class="meta">
            {issue.id} on {props.linkStations && issue.stationId ? <Link href={hrefOf({ page: 'station', stationId: issue.stationId })}>{where(issue)}</Link> : where(issue)} · raised{' '}
            {formatTime(issue.raisedAt.simMs)}
            {issue.resolvedAt ? ` · resolved ${formatTime(issue.resolvedAt.simMs)}` : ' · open'}
            {issue.ticketId ? ` · ticket ${issue.ticketId} (${issue.ticketStatus ?? '?'})` : ''}
          </p>
          {Object.keys(issue.details).length > 0 && (
            <dl class="details">
              {Object.entries(issue.details).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
                </div>
              ))}
            </dl>
          )}
          {issue.actions.length > 0 && (
            <>
              <p class="sub">Tried</p>
              <ol class="tried">
                {issue.actions.map((a) => (
                  <li key={`${a.at}-${a.step}`}>
                    {formatTime(a.at)} {a.step} ({a.command}): {a.result}
                    {a.verified !== undefined ? (a.verified ? ', verified' : ', not verified') : ''}
                  </li>
                ))}
              </ol>
            </>
          )}
          {issue.escalations.length > 0 && (
            <>
              <p class="sub">Escalated</p>
              <ol class="tried">
                {issue.escalations.map((e) => (
                  <li key={`${e.at}-${e.target}`}>
                    {formatTime(e.at)} to {e.target}: {e.reason}
                  </li>
                ))}
              </ol>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
