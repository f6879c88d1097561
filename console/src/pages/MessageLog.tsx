/** The station's message log: filters by action, direction and time; each frame opens to its JSON; new frames arrive live. */
import { useMemo, useState } from 'preact/hooks';
import { errorText } from '../api.js';
import { formatTime } from '../format.js';
import { useEvents, useJson } from '../hooks.js';
import { actionChoices, defaultMessageFilter, filterMessages, frameSummary, parseTimeInput, type Direction, type MessageFilter } from '../messages.js';
import type { CsmsEvent, MessageRow } from '../types.js';
import { ErrorLine } from '../ui.js';

const LIMIT = 500;
const DIRECTIONS: readonly { value: Direction; label: string }[] = [
  { value: 'both', label: 'both' },
  { value: 'in', label: 'station → CSMS' },
  { value: 'out', label: 'CSMS → station' },
];

export function MessageLog(props: { stationId: string }) {
  const log = useJson<MessageRow[]>(`/api/stations/${encodeURIComponent(props.stationId)}/messages?limit=${LIMIT}`);
  const [filter, setFilter] = useState<MessageFilter>(defaultMessageFilter);
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [timeError, setTimeError] = useState<string | undefined>(undefined);

  useEvents(['frame'], (event: CsmsEvent) => {
    if (event.type !== 'frame' || event.stationId !== props.stationId) return;
    const row: MessageRow = {
      seq: event.seq,
      at: event.at,
      stationId: event.stationId,
      direction: event.direction,
      messageType: event.messageType,
      messageId: event.messageId,
      action: event.action ?? null,
      payload: event.payload,
    };
    log.set((rows) => (rows ? [...rows, row].slice(-LIMIT) : rows));
  }, log.reload);

  const rows = log.data ?? [];
  const choices = useMemo(() => actionChoices(rows), [rows]);
  // Newest first: the trainee looks for what just happened.
  const shown = filterMessages(rows, filter).reverse();

  const toggleAction = (action: string) => {
    const actions = new Set(filter.actions);
    if (actions.has(action)) actions.delete(action);
    else actions.add(action);
    setFilter({ ...filter, actions });
  };
  const applyTimes = (from: string, to: string) => {
    setFromText(from);
    setToText(to);
    try {
      const fromMs = parseTimeInput('From', from);
      const toMs = parseTimeInput('To', to);
      const { from: _f, to: _t, ...rest } = filter;
      setFilter({ ...rest, ...(fromMs !== undefined && { from: fromMs }), ...(toMs !== undefined && { to: toMs }) });
      setTimeError(undefined);
    } catch (error) {
      setTimeError(errorText(error));
    }
  };

  return (
    <section aria-labelledby="log-heading" class="panel">
      <h2 id="log-heading">Message log</h2>
      <form class="log-filters" aria-label="Filter the message log" onSubmit={(e) => e.preventDefault()}>
        <fieldset class="actions">
          <legend>Actions</legend>
          {choices.map((action) => (
            <label key={action}>
              <input type="checkbox" name="action" value={action} checked={filter.actions.has(action)} onChange={() => toggleAction(action)} /> {action}
            </label>
          ))}
          <label>
            <input type="checkbox" checked={filter.showUnnamed} onChange={() => setFilter({ ...filter, showUnnamed: !filter.showUnnamed })} /> unreadable frames
          </label>
        </fieldset>
        <fieldset>
          <legend>Direction</legend>
          {DIRECTIONS.map((d) => (
            <label key={d.value}>
              <input type="radio" name="direction" value={d.value} checked={filter.direction === d.value} onChange={() => setFilter({ ...filter, direction: d.value })} /> {d.label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Time (UTC, simulated)</legend>
          <label>
            From <input type="datetime-local" step="1" value={fromText} onInput={(e) => applyTimes(e.currentTarget.value, toText)} />
          </label>
          <label>
            To <input type="datetime-local" step="1" value={toText} onInput={(e) => applyTimes(fromText, e.currentTarget.value)} />
          </label>
        </fieldset>
        <button type="button" onClick={log.reload}>
          Reload the log
        </button>
      </form>
      <ErrorLine error={timeError ?? log.error} />
      <p role="status" class="count">
        {shown.length} of {rows.length} frames shown
      </p>
      <ol class="frames" aria-label="Frames, newest first">
        {shown.map((row) => (
          <li key={`${row.at}-${row.direction}-${row.messageId ?? row.seq}-${row.messageType ?? 0}`} data-action={row.action ?? ''} data-direction={row.direction}>
            <details>
              <summary>
                <time>{formatTime(row.at)}</time> {frameSummary(row)}
              </summary>
              <pre>{JSON.stringify({ messageId: row.messageId, payload: row.payload }, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
