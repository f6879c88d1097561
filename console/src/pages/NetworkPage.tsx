/** Sites → stations → connectors with live status, narrowed by the filters. */
import { useMemo, useState } from 'preact/hooks';
import { useEvents, useJson } from '../hooks.js';
import { applyStationEvent, connectorLabel, groupBySite, matchesFilter, NO_FILTER, STATION_EVENT_TYPES, type NetworkFilter } from '../network.js';
import { hrefOf } from '../routes.js';
import type { CsmsEvent, IssueView, StationView } from '../types.js';
import { ErrorLine, Link, LiveLine, Loading, StatusBadge } from '../ui.js';

const ISSUE_EVENTS = ['issue-raised', 'issue-resolved'] as const;

export function NetworkPage() {
  const stations = useJson<StationView[]>('/api/stations');
  const issues = useJson<IssueView[]>('/api/issues?open=true');
  const [filter, setFilter] = useState<NetworkFilter>(NO_FILTER);

  const stream = useEvents([...STATION_EVENT_TYPES, ...ISSUE_EVENTS], (event: CsmsEvent) => {
    if (event.type === 'issue-raised' || event.type === 'issue-resolved') return issues.reload();
    if (event.type === 'connect' && !stations.data?.some((s) => s.id === event.stationId)) return stations.reload();
    stations.set((current) => (current ? (applyStationEvent(current, event) as StationView[]) : current));
  }, () => {
    stations.reload();
    issues.reload();
  });

  const withIssue = useMemo(() => new Set((issues.data ?? []).map((i) => i.stationId).filter((id): id is string => id !== undefined)), [issues.data]);
  const issueCount = (id: string) => (issues.data ?? []).filter((i) => i.stationId === id).length;
  const shown = (stations.data ?? []).filter((s) => matchesFilter(s, filter, withIssue));
  const sites = groupBySite(shown);
  const toggle = (key: 'faulted' | 'offline' | 'openIssue') => setFilter({ ...filter, [key]: !filter[key] });

  return (
    <>
      <LiveLine state={stream} />
      <form class="filters" aria-label="Filter stations" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>Show only stations that are</legend>
          <label>
            <input type="checkbox" checked={filter.faulted} onChange={() => toggle('faulted')} /> faulted
          </label>
          <label>
            <input type="checkbox" checked={filter.offline} onChange={() => toggle('offline')} /> offline
          </label>
          <label>
            <input type="checkbox" checked={filter.openIssue} onChange={() => toggle('openIssue')} disabled={issues.error !== undefined} /> with an open issue
          </label>
        </fieldset>
        <label class="search">
          Station or site
          <input type="search" value={filter.text} onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })} />
        </label>
      </form>
      <ErrorLine error={stations.error} />
      {issues.error && <p class="note">Open issues are not shown: {issues.error}</p>}
      {stations.loading && !stations.data && <Loading what="stations" />}
      {stations.data && (
        <p role="status" class="count">
          {shown.length} of {stations.data.length} stations
        </p>
      )}
      {sites.map((site) => (
        <section key={site.siteId} class="site" aria-labelledby={`site-${site.siteId}`}>
          <h2 id={`site-${site.siteId}`}>Site {site.siteId}</h2>
          <ul class="cards">
            {site.stations.map((station) => (
              <li key={station.id} class="card" data-station={station.id}>
                <h3>
                  <Link href={hrefOf({ page: 'station', stationId: station.id })}>{station.id}</Link>
                </h3>
                <p class="meta">
                  <span class={`badge ${station.connected ? 'ok' : 'bad'}`}>{station.connected ? 'online' : 'offline'}</span> <span class="protocol">{station.protocol}</span>{' '}
                  {issueCount(station.id) > 0 && (
                    <span class="badge warn">
                      {issueCount(station.id)} open issue{issueCount(station.id) > 1 ? 's' : ''}
                    </span>
                  )}
                </p>
                <ul class="connectors" aria-label={`Connectors of ${station.id}`}>
                  {station.connectors.map((c) => (
                    <li key={`${c.evseId ?? 0}-${c.connectorId}`} data-connector={c.connectorId}>
                      {connectorLabel(c)}: <StatusBadge status={c.status} />
                      {c.errorCode && c.errorCode !== 'NoError' && <span class="code"> {c.errorCode}</span>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
