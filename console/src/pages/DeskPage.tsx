/** The operations desk: open issues, tickets (tier, escalations, everything tried, the part), work orders, uptime and metrics. */
import { ISSUE_TYPES } from '../../../harness/issues/catalogue.js';
import { formatDuration, formatPercent, formatRate, formatTime } from '../format.js';
import { useEvents, useJson } from '../hooks.js';
import { hrefOf } from '../routes.js';
import type { IssueView, Ticket, UptimeReport, WorkOrder } from '../types.js';
import { ErrorLine, Link, LiveLine, Loading, SeverityBadge } from '../ui.js';
import { IssueList } from './IssueList.js';

const DESK_EVENTS = ['issue-raised', 'issue-updated', 'issue-resolved', 'action', 'escalation', 'ticket', 'work-order'] as const;
/** Closed tickets and work orders shown below the open ones. */
const RECENT_CLOSED = 20;

function recentFirst<T extends { status: string; openedAt: number }>(items: readonly T[]): T[] {
  const open = items.filter((i) => i.status === 'open');
  const closed = items.filter((i) => i.status !== 'open').slice(-RECENT_CLOSED);
  return [...open, ...closed].sort((a, b) => (a.status === b.status ? b.openedAt - a.openedAt : a.status === 'open' ? -1 : 1));
}

function StationLink(props: { id: string | undefined }) {
  return props.id ? <Link href={hrefOf({ page: 'station', stationId: props.id })}>{props.id}</Link> : <>network</>;
}

export function DeskPage() {
  const issues = useJson<IssueView[]>('/api/issues?open=true');
  const tickets = useJson<Ticket[]>('/api/tickets');
  const workOrders = useJson<WorkOrder[]>('/api/work-orders');
  const uptime = useJson<UptimeReport & { metrics: Record<string, unknown> }>('/api/uptime');
  const reloadAll = (): void => {
    issues.reload();
    tickets.reload();
    workOrders.reload();
    uptime.reload();
  };
  const stream = useEvents(DESK_EVENTS, reloadAll, reloadAll);
  const m = uptime.data?.metrics as
    | { ticketsOpen: number; ticketsClosed: number; firstContactResolutionRate?: number; timeToRemoteRecovery?: { meanMs: number; medianMs: number; count: number }; repeatIncidentRate?: number }
    | undefined;

  return (
    <>
      <LiveLine state={stream} />
      <section aria-labelledby="metrics-heading" class="panel">
        <h2 id="metrics-heading">Desk metrics</h2>
        <ErrorLine error={uptime.error} />
        {m && uptime.data && (
          <dl class="metrics">
            <div><dt>Open tickets</dt><dd>{m.ticketsOpen}</dd></div>
            <div><dt>Closed tickets</dt><dd>{m.ticketsClosed}</dd></div>
            <div><dt>First-contact resolution</dt><dd>{formatRate(m.firstContactResolutionRate)}</dd></div>
            <div><dt>Time to remote recovery (median)</dt><dd>{formatDuration(m.timeToRemoteRecovery?.medianMs)}</dd></div>
            <div><dt>Repeat incidents</dt><dd>{formatRate(m.repeatIncidentRate)}</dd></div>
            <div><dt>Mean port uptime</dt><dd>{formatPercent(uptime.data.meanPortUptimePercent)}</dd></div>
            <div><dt>Ports at or below 97&nbsp;%</dt><dd>{uptime.data.portsBelowNevi.length} of {uptime.data.ports}</dd></div>
          </dl>
        )}
      </section>
      <section aria-labelledby="desk-issues-heading" class="panel">
        <h2 id="desk-issues-heading">Open issues</h2>
        <ErrorLine error={issues.error} />
        {issues.data && issues.data.length === 0 && <p>No open issue.</p>}
        {issues.data && <IssueList issues={issues.data} linkStations headingLevel={3} />}
      </section>
      <section aria-labelledby="tickets-heading" class="panel">
        <h2 id="tickets-heading">Tickets</h2>
        <ErrorLine error={tickets.error} />
        {tickets.loading && !tickets.data && <Loading what="tickets" />}
        {tickets.data && tickets.data.length === 0 && <p>No ticket yet.</p>}
        <ul class="tickets">
          {recentFirst(tickets.data ?? []).map((t) => (
            <li key={t.id} class="card" data-ticket={t.id}>
              <h3>
                {t.id} {ISSUE_TYPES[t.issueType]?.title ?? t.issueType} <span class="code">{t.issueCode}</span> <SeverityBadge severity={t.severity} />
              </h3>
              <p class="meta">
                <StationLink id={t.stationId} />
                {t.connectorId !== undefined ? ` connector ${t.connectorId}` : ''} · {t.status}
                {t.resolution ? ` (${t.resolution})` : ''} · tier: <strong>{t.assignedTo}</strong> · opened {formatTime(t.openedAt)}
                {t.part ? <> · part to bring: <strong>{t.part}</strong></> : null}
              </p>
              {t.actions.length > 0 && (
                <>
                  <p class="sub">Everything tried</p>
                  <ol class="tried">
                    {t.actions.map((a) => (
                      <li key={a.id}>
                        {formatTime(a.at)} {a.step} ({a.command}): {a.skipped ? `skipped, ${a.skipped}` : a.error ? `error, ${a.error}` : JSON.stringify(a.response ?? {})}
                        {a.verified !== undefined ? (a.verified ? ', verified' : ', not verified') : ''}
                      </li>
                    ))}
                  </ol>
                </>
              )}
              {t.escalations.length > 0 && (
                <>
                  <p class="sub">Escalations</p>
                  <ol class="tried">
                    {t.escalations.map((e) => (
                      <li key={e.id}>
                        {formatTime(e.at)} to {e.target}: {e.reason}
                      </li>
                    ))}
                  </ol>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="wo-heading" class="panel">
        <h2 id="wo-heading">Work orders</h2>
        <ErrorLine error={workOrders.error} />
        {workOrders.data && workOrders.data.length === 0 && <p>No work order yet.</p>}
        <ul class="tickets">
          {recentFirst(workOrders.data ?? []).map((w) => (
            <li key={w.id} class="card">
              <h3>
                {w.id} for <StationLink id={w.stationId} />
                {w.connectorId !== undefined ? ` connector ${w.connectorId}` : ' (whole station)'}
              </h3>
              <p class="meta">
                {w.status} · part to bring: <strong>{w.part}</strong> · technician due {formatTime(w.technicianDueAt)} · ticket {w.ticketId}
              </p>
              <p>{w.reason}</p>
              {w.actionsTried.length > 0 && <p class="sub">Tried before dispatch: {w.actionsTried.map((a) => a.step).join(', ')}</p>}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="uptime-heading" class="panel">
        <h2 id="uptime-heading">Uptime per connector</h2>
        {uptime.data && (
          <p class="meta">
            {formatTime(uptime.data.fromMs)} to {formatTime(uptime.data.toMs)} (simulated), NEVI formula
          </p>
        )}
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Uptime per connector</caption>
            <thead>
              <tr>
                <th scope="col">Station</th>
                <th scope="col">Connector</th>
                <th scope="col">Uptime</th>
                <th scope="col">Outage</th>
              </tr>
            </thead>
            <tbody>
              {(uptime.data?.stations ?? []).flatMap((s) =>
                s.connectors.map((c) => (
                  <tr key={`${s.stationId}-${c.evseId ?? 0}-${c.connectorId}`} class={c.uptimePercent <= 97 ? 'below' : ''}>
                    <td><StationLink id={s.stationId} /></td>
                    <td>{c.evseId !== undefined ? `EVSE ${c.evseId}` : c.connectorId}</td>
                    <td>{formatPercent(c.uptimePercent)}</td>
                    <td>{c.outageMin.toFixed(1)} min</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
