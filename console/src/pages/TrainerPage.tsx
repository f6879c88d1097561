/** The trainer's panel: the fault catalogue, inject now or later, drills, the simulated clock and a network reset. */
import { useState } from 'preact/hooks';
import { errorText, postJson, sendJson } from '../api.js';
import { faultLine, injectRequest, type InjectForm } from '../faults.js';
import { useJson } from '../hooks.js';
import { hrefOf } from '../routes.js';
import type { ConsoleConfig, ControlFault, Drill, FaultKind, StationView } from '../types.js';
import { ErrorLine, Link, navigate } from '../ui.js';

const EMPTY_FORM: InjectForm = { kind: '', target: '', targetType: 'site', connector: '', params: {}, at: '' };

function ParamList(props: { kind: FaultKind }) {
  const entries = Object.entries(props.kind.params);
  if (entries.length === 0) return <p>No parameters.</p>;
  return (
    <dl class="details">
      {entries.map(([name, spec]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>
            {spec.description} Default {JSON.stringify(spec.default)}; allowed: {spec.allowed.join(', ')}.
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function TrainerPage(props: { config: ConsoleConfig; configError: string | undefined; reloadConfig: () => void }) {
  const { config } = props;
  const kinds = useJson<FaultKind[]>(config.control ? '/control/fault-kinds' : undefined);
  const faults = useJson<ControlFault[]>(config.control ? '/control/faults' : undefined);
  const drills = useJson<Drill[]>(config.drills ? '/api/drills' : undefined);
  const stations = useJson<StationView[]>('/api/stations');
  const [form, setForm] = useState<InjectForm>(EMPTY_FORM);
  const [injectOutcome, setInjectOutcome] = useState<string | undefined>(undefined);
  const [injectError, setInjectError] = useState<string | undefined>(undefined);
  const [trainee, setTrainee] = useState('');
  const [drillStation, setDrillStation] = useState('');
  const [drillKind, setDrillKind] = useState('');
  const [drillConnector, setDrillConnector] = useState('');
  const [drillError, setDrillError] = useState<string | undefined>(undefined);
  const [adminLine, setAdminLine] = useState<string | undefined>(undefined);
  const [adminError, setAdminError] = useState<string | undefined>(undefined);

  const kind = kinds.data?.find((k) => k.kind === form.kind);
  const several = kind?.scope === 'stations' || kind?.scope === 'site';
  const bySite = kind?.scope === 'site' || (several && form.targetType === 'site');

  const inject = async (event: Event) => {
    event.preventDefault();
    setInjectError(undefined);
    setInjectOutcome(undefined);
    try {
      const fault = await postJson<ControlFault>('/control/faults', injectRequest(kinds.data ?? [], form));
      setInjectOutcome(`Injected: ${faultLine(fault)}`);
      faults.reload();
    } catch (error) {
      setInjectError(errorText(error));
    }
  };
  const clear = async (id: string) => {
    try {
      await sendJson('DELETE', `/control/faults/${encodeURIComponent(id)}`);
      faults.reload();
    } catch (error) {
      setInjectError(errorText(error));
    }
  };
  const startDrill = async (event: Event) => {
    event.preventDefault();
    setDrillError(undefined);
    try {
      if (trainee.trim() === '') throw new Error('Trainee: a name is required');
      if (drillStation === '') throw new Error('Station: choose one');
      if (drillKind === '') throw new Error('Fault: choose one');
      const connector = drillConnector.trim();
      if (connector !== '' && !/^[1-9]\d*$/.test(connector)) throw new Error(`Connector: ${JSON.stringify(connector)} is not allowed, expected a whole number >= 1 or empty`);
      const drill = await postJson<Drill>('/api/drills', { trainee: trainee.trim(), station: drillStation, ...(connector !== '' && { connector: Number(connector) }), fault: { kind: drillKind } });
      navigate(hrefOf({ page: 'drill', drillId: drill.id }));
    } catch (error) {
      setDrillError(errorText(error));
    }
  };
  const admin = async (what: 'pause' | 'resume' | 'reset') => {
    setAdminError(undefined);
    try {
      if (what === 'reset') await postJson('/api/training/reset');
      else await postJson('/api/clock', { paused: what === 'pause' });
      setAdminLine(what === 'reset' ? 'The training network was reset.' : what === 'pause' ? 'The simulated clock is paused.' : 'The simulated clock runs again.');
      props.reloadConfig();
      faults.reload();
      drills.reload();
    } catch (error) {
      setAdminError(errorText(error));
    }
  };

  return (
    <>
      <ErrorLine error={props.configError} />
      <section aria-labelledby="session-heading" class="panel">
        <h2 id="session-heading">Training session</h2>
        <p class="meta">
          Time scale {config.timeScale ?? 'unknown'} · clock {config.paused ? 'paused' : 'running'} · fleet control {config.control ? 'on' : 'off'} · drills{' '}
          {config.drills ? 'on' : 'off'}
        </p>
        {config.drills ? (
          <div class="buttons">
            <button type="button" onClick={() => void admin(config.paused ? 'resume' : 'pause')}>
              {config.paused ? 'Resume the simulated clock' : 'Pause the simulated clock'}
            </button>
            <button type="button" class="danger" onClick={() => void admin('reset')}>
              Reset the training network
            </button>
          </div>
        ) : (
          <p class="note">The clock and the reset belong to a training session: this CSMS was not started with chargedrill train.</p>
        )}
        <p role="status">{adminLine ?? ''}</p>
        <ErrorLine error={adminError} />
      </section>

      <section aria-labelledby="drills-heading" class="panel">
        <h2 id="drills-heading">Drills</h2>
        {!config.drills ? (
          <p class="note">Drills are off: this CSMS was not started with chargedrill train.</p>
        ) : (
          <>
            <form class="inject" aria-label="Start a drill" onSubmit={(e) => void startDrill(e)}>
              <label>
                Trainee
                <input value={trainee} onInput={(e) => setTrainee(e.currentTarget.value)} autoComplete="name" required />
              </label>
              <label>
                Station
                <select value={drillStation} onChange={(e) => setDrillStation(e.currentTarget.value)} required>
                  <option value="">choose a station</option>
                  {(stations.data ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.id}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Connector (empty: the fault's default)
                <input inputMode="numeric" value={drillConnector} onInput={(e) => setDrillConnector(e.currentTarget.value)} />
              </label>
              <label>
                Fault
                <select value={drillKind} onChange={(e) => setDrillKind(e.currentTarget.value)} required>
                  <option value="">choose a fault</option>
                  {(kinds.data ?? []).map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.kind}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">Start the drill</button>
            </form>
            <ErrorLine error={drillError ?? drills.error} />
            <ul>
              {(drills.data ?? []).map((d) => (
                <li key={d.id}>
                  <Link href={hrefOf({ page: 'drill', drillId: d.id })}>{d.id}</Link>: {d.trainee} on {d.stationIds.join(', ')}, {d.fault.kind}, {d.state}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="inject-heading" class="panel">
        <h2 id="inject-heading">Faults</h2>
        {!config.control ? (
          <p class="note" data-testid="no-control">
            Fault injection is off: this CSMS has no fleet attached through its control API (a plain chargedrill csms). Start
            chargedrill train to inject faults from here; the network, station and desk pages work as they are.
          </p>
        ) : (
          <>
            <ErrorLine error={kinds.error} />
            <form class="inject" aria-label="Inject a fault" onSubmit={(e) => void inject(e)}>
              <label>
                Fault
                <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.currentTarget.value, params: {} })} required>
                  <option value="">choose a fault</option>
                  {(kinds.data ?? []).map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.kind} ({k.scope})
                    </option>
                  ))}
                </select>
              </label>
              {several && (
                <fieldset>
                  <legend>Target</legend>
                  <label>
                    <input type="radio" name="targetType" checked={form.targetType === 'site'} onChange={() => setForm({ ...form, targetType: 'site' })} /> a site
                  </label>
                  <label>
                    <input type="radio" name="targetType" checked={form.targetType === 'stations'} onChange={() => setForm({ ...form, targetType: 'stations' })} /> stations
                  </label>
                </fieldset>
              )}
              <label>
                {bySite ? 'Site' : several ? 'Stations (comma-separated)' : 'Station'}
                <input list="target-ids" value={form.target} onInput={(e) => setForm({ ...form, target: e.currentTarget.value })} required />
              </label>
              <datalist id="target-ids">
                {[...new Set((stations.data ?? []).map((s) => (bySite ? s.siteId : s.id)))].map((id) => (
                  <option key={id} value={id} />
                ))}
              </datalist>
              <label>
                Connector (empty: the fault's default)
                <input inputMode="numeric" value={form.connector} onInput={(e) => setForm({ ...form, connector: e.currentTarget.value })} />
              </label>
              {kind &&
                Object.entries(kind.params).map(([name, spec]) => (
                  <label key={name}>
                    {name} (default {JSON.stringify(spec.default)})
                    <input value={form.params[name] ?? ''} onInput={(e) => setForm({ ...form, params: { ...form.params, [name]: e.currentTarget.value } })} />
                  </label>
                ))}
              <label>
                When (empty: now; or a simulated delay such as 10m, or an ISO time)
                <input value={form.at} onInput={(e) => setForm({ ...form, at: e.currentTarget.value })} />
              </label>
              <button type="submit">{form.at.trim() === '' ? 'Inject now' : 'Schedule'}</button>
            </form>
            <p role="status">{injectOutcome ?? ''}</p>
            <ErrorLine error={injectError ?? faults.error} />
            <h3>Injected faults</h3>
            {faults.data && faults.data.length === 0 && <p>None yet.</p>}
            <ul class="fault-list">
              {(faults.data ?? []).map((f) => (
                <li key={f.id}>
                  {faultLine(f)}{' '}
                  {(f.state === 'active' || f.state === 'scheduled') && (
                    <button type="button" onClick={() => void clear(f.id)} aria-label={`Clear ${f.id}`}>
                      Clear
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <h3>Catalogue</h3>
            {(kinds.data ?? []).map((k) => (
              <details key={k.kind} class="kind">
                <summary>
                  {k.kind} <span class="meta">({k.scope}; {k.protocols.join(', ')})</span>
                </summary>
                <p>{k.description}</p>
                <ParamList kind={k} />
              </details>
            ))}
          </>
        )}
      </section>

    </>
  );
}
