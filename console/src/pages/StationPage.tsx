/** One station: detected issues above the charger, connectors, active faults, remote actions and the message log. */
import { formatTime } from '../format.js';
import { useEvents, useJson } from '../hooks.js';
import { applyStationEvent, connectorLabel, STATION_EVENT_TYPES } from '../network.js';
import { hrefOf } from '../routes.js';
import type { ConsoleConfig, ControlFault, CsmsEvent, Drill, IssueView, StationView } from '../types.js';
import { ErrorLine, Link, LiveLine, Loading, StatusBadge } from '../ui.js';
import { faultLine } from '../faults.js';
import { IssueList } from './IssueList.js';
import { MessageLog } from './MessageLog.js';
import { RemoteActions } from './RemoteActions.js';

const ISSUE_EVENTS = ['issue-raised', 'issue-updated', 'issue-resolved', 'action', 'escalation'] as const;

export function StationPage(props: { stationId: string; config: ConsoleConfig }) {
  const id = encodeURIComponent(props.stationId);
  const station = useJson<StationView>(`/api/stations/${id}`);
  const issues = useJson<IssueView[]>(`/api/issues?open=true&stationId=${id}`);
  const faults = useJson<ControlFault[]>(props.config.control ? '/control/faults?state=active,scheduled' : undefined);
  const drills = useJson<Drill[]>(props.config.drills ? '/api/drills' : undefined);

  // 'frame' too, though the message log handles those: the stream opens once with every type the page needs.
  const stream = useEvents([...STATION_EVENT_TYPES, ...ISSUE_EVENTS, 'frame'], (event: CsmsEvent) => {
    if (event.stationId !== props.stationId || event.type === 'frame') return;
    if ((ISSUE_EVENTS as readonly string[]).includes(event.type)) {
      issues.reload();
      if (props.config.control) faults.reload();
      return;
    }
    station.set((current) => (current ? (applyStationEvent([current], event)[0] as StationView) : current));
  }, () => {
    station.reload();
    issues.reload();
    if (props.config.control) faults.reload();
    if (props.config.drills) drills.reload();
  });

  if (station.error) return <ErrorLine error={station.error} />;
  if (!station.data) return <Loading what={`station ${props.stationId}`} />;
  const s = station.data;
  const stationFaults = (faults.data ?? []).filter((f) => f.targets.stationIds.includes(s.id));
  const drill = (drills.data ?? []).find((d) => d.state === 'running' && d.stationIds.includes(s.id));

  return (
    <>
      <LiveLine state={stream} />
      <p class="meta">
        <span class={`badge ${s.connected ? 'ok' : 'bad'}`}>{s.connected ? 'online' : 'offline'}</span> {s.protocol} · site {s.siteId} · {s.vendor ?? '?'} {s.model ?? ''} · firmware{' '}
        {s.firmware ?? '?'} · boot {s.bootStatus ?? '—'} · last message {formatTime(s.lastSeenAt)}
      </p>
      {drill && (
        <p class="note" data-testid="in-drill">
          In drill <Link href={hrefOf({ page: 'drill', drillId: drill.id })}>{drill.id}</Link> ({drill.trainee}): the desk stands back; the trainee's actions count
          only from the drill's workspace.
        </p>
      )}
      <section aria-labelledby="issues-heading" class="panel issues-panel">
        <h2 id="issues-heading">Detected issues</h2>
        <ErrorLine error={issues.error} />
        {issues.data && issues.data.length === 0 && <p>No open issue on this station.</p>}
        {issues.data && issues.data.length > 0 && <IssueList issues={issues.data} headingLevel={3} />}
      </section>
      <section aria-labelledby="charger-heading" class="panel charger">
        <h2 id="charger-heading">Charger</h2>
        <ul class="connectors big">
          {s.connectors.map((c) => (
            <li key={`${c.evseId ?? 0}-${c.connectorId}`} data-connector={c.connectorId}>
              <span class="label">{connectorLabel(c)}</span> <StatusBadge status={c.status} />
              {c.errorCode && c.errorCode !== 'NoError' && <span class="code"> {c.errorCode}</span>}
              {c.info && <span class="info"> {c.info}</span>}
              {c.vendorErrorCode && <span class="code"> vendor {c.vendorErrorCode}</span>}
              <span class="when"> since {formatTime(c.updatedAt)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="faults-heading" class="panel">
        <h2 id="faults-heading">Active faults</h2>
        {!props.config.control && <p class="note">Not shown: this CSMS runs without the fleet's control API (start it with chargedrill train to inject and list faults).</p>}
        <ErrorLine error={faults.error} />
        {props.config.control && faults.data && stationFaults.length === 0 && <p>No injected fault on this station.</p>}
        {stationFaults.length > 0 && (
          <ul>
            {stationFaults.map((f) => (
              <li key={f.id}>{faultLine(f)}</li>
            ))}
          </ul>
        )}
      </section>
      <RemoteActions station={s} />
      <MessageLog stationId={s.id} />
    </>
  );
}
