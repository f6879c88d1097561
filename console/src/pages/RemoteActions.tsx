/** Remote actions on one station (Reset, Unlock, ChangeAvailability, TriggerMessage, remote start/stop) with the station's answer. */
import { useState } from 'preact/hooks';
import { errorText, postJson } from '../api.js';
import { connectorLabel } from '../network.js';
import { isRemoteActionId, REMOTE_ACTIONS, remoteCommand, type RemoteActionId } from '../remote.js';
import type { StationView } from '../types.js';

interface Outcome {
  ok: boolean;
  text: string;
}

export function RemoteActions(props: { station: StationView }) {
  const { station } = props;
  const [action, setAction] = useState<RemoteActionId>('soft-reset');
  const [connector, setConnector] = useState('0');
  const [idTag, setIdTag] = useState('');
  const [transactionId, setTransactionId] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const needs: readonly string[] = REMOTE_ACTIONS.find((a) => a.id === action)?.needs ?? [];
  const plugs = station.connectors.filter((c) => c.connectorId !== 0);

  const send = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setOutcome(undefined);
    try {
      const command = remoteCommand(station.protocol, action, {
        connectorId: Number(connector),
        idTag,
        transactionId,
        remoteStartId: Math.floor(Date.now() % 1_000_000),
      });
      const answer = await postJson<Record<string, unknown>>(
        `/api/stations/${encodeURIComponent(station.id)}/commands/${encodeURIComponent(command.action)}`,
        command.payload,
      );
      setOutcome({ ok: true, text: `${command.action} ${JSON.stringify(command.payload)} → station answered ${JSON.stringify(answer)}` });
    } catch (error) {
      setOutcome({ ok: false, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="remote-heading" class="panel">
      <h2 id="remote-heading">Remote actions</h2>
      <form class="remote" onSubmit={(e) => void send(e)}>
        <label>
          Action
          <select name="action" value={action} onChange={(e) => isRemoteActionId(e.currentTarget.value) && setAction(e.currentTarget.value)}>
            {REMOTE_ACTIONS.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Connector
          <select name="connector" value={connector} onChange={(e) => setConnector(e.currentTarget.value)}>
            <option value="0">whole station</option>
            {plugs.map((c) => (
              <option key={c.connectorId} value={String(c.evseId ?? c.connectorId)}>
                {connectorLabel(c)}
              </option>
            ))}
          </select>
        </label>
        {needs.includes('idTag') && (
          <label>
            Driver's token
            <input name="idTag" value={idTag} onInput={(e) => setIdTag(e.currentTarget.value)} autoComplete="off" />
          </label>
        )}
        {needs.includes('transactionId') && (
          <label>
            Transaction id
            <input name="transactionId" value={transactionId} onInput={(e) => setTransactionId(e.currentTarget.value)} autoComplete="off" />
          </label>
        )}
        <button type="submit" disabled={busy || !station.connected}>
          {busy ? 'Sending…' : 'Send'}
        </button>
        {!station.connected && <p class="note">The station is offline: remote actions cannot reach it.</p>}
      </form>
      <p class={`answer ${outcome?.ok === false ? 'error' : ''}`} role="status" aria-live="polite" data-testid="remote-answer">
        {outcome?.text ?? ''}
      </p>
    </section>
  );
}
