/** One drill: the trainee's workspace while it runs, the score and the debrief (trainee beside playbook) once closed. */
import { useState } from 'preact/hooks';
import { errorText, postJson } from '../api.js';
import { actionLine, debriefRows, DRILL_REMOTE_ACTIONS, drillActionBody, scoreLine, sinceStart, stationAnswer, type DrillActionType } from '../drill.js';
import { formatTime } from '../format.js';
import { useJson } from '../hooks.js';
import { hrefOf } from '../routes.js';
import type { ConsoleConfig, Drill, DrillCatalogue } from '../types.js';
import { ErrorLine, Link, Loading } from '../ui.js';

function Select(props: { label: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">choose</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DrillPage(props: { drillId: string; config: ConsoleConfig }) {
  const drill = useJson<Drill>(`/api/drills/${encodeURIComponent(props.drillId)}`);
  const catalogue = useJson<DrillCatalogue>('/api/drills/catalogue');
  const [severity, setSeverity] = useState('');
  const [remote, setRemote] = useState('');
  const [tier, setTier] = useState('');
  const [part, setPart] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const act = async (type: DrillActionType) => {
    setError(undefined);
    setAnswer(undefined);
    setBusy(true);
    try {
      const body = drillActionBody(type, { severity, remote, tier, part });
      const updated = await postJson<Drill>(`/api/drills/${encodeURIComponent(props.drillId)}/actions`, body);
      drill.set(() => updated);
      const last = updated.actions[updated.actions.length - 1];
      if (!last) setAnswer(`${type} recorded`);
      else if (last.type === 'remote-action') setAnswer(`${last.action} ${JSON.stringify(last.payload)}: ${stationAnswer(last)}`);
      else setAnswer(`Recorded: ${actionLine(last)}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!props.config.drills && drill.error) {
    return <p class="note">Drills are off: this CSMS was not started with chargedrill train ({drill.error}).</p>;
  }
  if (drill.error) return <ErrorLine error={drill.error} />;
  if (!drill.data) return <Loading what={`drill ${props.drillId}`} />;
  const d = drill.data;
  const cat = catalogue.data ?? { tiers: [], parts: [], severities: [] };

  return (
    <>
      <p class="meta">
        Trainee <strong>{d.trainee}</strong> · station{' '}
        {d.stationIds.map((id) => (
          <Link key={id} href={hrefOf({ page: 'station', stationId: id })}>
            {id}
          </Link>
        ))}
        {d.connectorId !== undefined && ` connector ${d.connectorId}`} · fault {d.fault.kind} ({d.fault.controlFaultId}) · started {formatTime(d.startedAt)} · <span class={`badge ${d.state === 'running' ? 'busy' : 'neutral'}`}>{d.state}</span>
      </p>
      {d.state === 'running' && (
        <section aria-labelledby="workspace-heading" class="panel">
          <h2 id="workspace-heading">Workspace</h2>
          <ErrorLine error={catalogue.error} />
          <div class="workspace">
            <form onSubmit={(e) => (e.preventDefault(), void act('classify'))}>
              <Select label="Severity" value={severity} options={cat.severities} onChange={setSeverity} />
              <button type="submit" disabled={busy}>Classify</button>
            </form>
            <form onSubmit={(e) => (e.preventDefault(), void act('remote-action'))}>
              <label>
                Remote action
                <select value={remote} onChange={(e) => setRemote(e.currentTarget.value)}>
                  <option value="">choose</option>
                  {DRILL_REMOTE_ACTIONS.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={busy}>Send</button>
              <p class="sub">Sent to the drill's connector{d.connectorId !== undefined ? ` (${d.connectorId})` : ''}, as the station's OCPP version spells it.</p>
            </form>
            <form onSubmit={(e) => (e.preventDefault(), void act('escalate'))}>
              <Select label="Tier" value={tier} options={cat.tiers} onChange={setTier} />
              <button type="submit" disabled={busy}>Escalate</button>
            </form>
            <form onSubmit={(e) => (e.preventDefault(), void act('work-order'))}>
              <Select label="Part to bring" value={part} options={cat.parts} onChange={setPart} />
              <button type="submit" disabled={busy}>Open a work order</button>
            </form>
            <div class="buttons">
              <button type="button" disabled={busy} onClick={() => void act('verify')}>
                Verify
              </button>
              <button type="button" class="danger" disabled={busy} onClick={() => void act('close')}>
                Close the drill
              </button>
            </div>
          </div>
          <p role="status" class="answer" data-testid="drill-answer">
            {answer ?? ''}
          </p>
          <ErrorLine error={error} />
        </section>
      )}
      <section aria-labelledby="actions-heading" class="panel">
        <h2 id="actions-heading">What the trainee did</h2>
        {d.actions.length === 0 && <p>Nothing yet.</p>}
        <ol class="tried">
          {d.actions.map((a, i) => (
            <li key={i}>
              <span class="meta">{sinceStart(a.afterMs)}</span> {actionLine(a)}
            </li>
          ))}
        </ol>
      </section>
      {d.score && (
        <section aria-labelledby="score-heading" class="panel">
          <h2 id="score-heading">Score: {scoreLine(d.score)}</h2>
          <ul class="score">
            {d.score.items.map((item) => (
              <li key={item.rule} class={item.passed ? 'passed' : 'missed'}>
                <strong>{item.passed ? 'Passed' : 'Missed'}</strong> {item.rule}: {item.points} of {item.max}. {item.detail}
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.debrief && (
        <section aria-labelledby="debrief-heading" class="panel">
          <h2 id="debrief-heading">Debrief</h2>
          <p>
            Scored on the {d.debrief.issue.type} issue{d.debrief.issue.errorCode ? ` (${d.debrief.issue.errorCode})` : ''}, severity {d.debrief.issue.severity},{' '}
            {d.debrief.issue.source === 'detector' ? `raised by the detector at ${sinceStart(d.debrief.issue.raisedAfterMs)}` : 'not raised yet: the fault kind\'s issue'}. Classified{' '}
            {d.debrief.classification.given ?? 'not at all'}; the catalogue says {d.debrief.classification.expected}.
          </p>
          <div class="table-wrap">
            <table class="debrief">
              <caption>The trainee's timeline beside the playbook's (simulated time since the drill started)</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Trainee</th>
                  <th scope="col">Playbook</th>
                </tr>
              </thead>
              <tbody>
                {debriefRows(d.debrief.trainee, d.debrief.playbook).map((row, i) => (
                  <tr key={i}>
                    <td>{sinceStart(row.afterMs)}</td>
                    <td>{row.trainee ?? ''}</td>
                    <td>{row.playbook ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
