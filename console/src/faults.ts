/** The trainer's inject form: from the catalogue's kinds and what was typed to the control API's request body. */
import type { FaultKind } from './types.js';

export interface InjectForm {
  kind: string;
  /** A station id; for a fault over several stations, a site id or station ids separated by commas (see `targetType`). */
  target: string;
  /** For a fault over several stations: whether `target` names a site or stations. */
  targetType: 'site' | 'stations';
  /** '' for the fault's default. */
  connector: string;
  /** Parameter name to typed text; '' leaves the catalogue's default. */
  params: Record<string, string>;
  /** '' for now; else a simulated duration from now (`10m`, `90s`) or an ISO moment of the simulated clock. */
  at: string;
}

/** A typed parameter as the catalogue's default suggests: numbers and booleans stay typed, the rest is text. */
function paramValue(name: string, text: string, defaultValue: unknown): unknown {
  if (typeof defaultValue === 'number') {
    const n = Number(text);
    if (!Number.isFinite(n)) throw new Error(`params.${name}: ${JSON.stringify(text)} is not a number`);
    return n;
  }
  if (typeof defaultValue === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new Error(`params.${name}: ${JSON.stringify(text)} is not allowed, expected true or false`);
    return text === 'true';
  }
  return text;
}

/** The body of `POST /control/faults`; throws naming the field when something is missing or malformed. */
export function injectRequest(kinds: readonly FaultKind[], form: InjectForm): Record<string, unknown> {
  const kind = kinds.find((k) => k.kind === form.kind);
  if (!kind) throw new Error(`kind: ${JSON.stringify(form.kind)} is not in the catalogue`);
  const target = form.target.trim();
  const several = kind.scope === 'stations' || kind.scope === 'site';
  const bySite = kind.scope === 'site' || (several && form.targetType === 'site');
  if (target === '') throw new Error(`target: ${bySite ? 'a site id' : several ? 'one or more station ids' : 'a station id'} is required`);
  const stations = target.split(',').map((id) => id.trim()).filter((id) => id !== '');
  const body: Record<string, unknown> = { kind: kind.kind, ...(bySite ? { site: target } : several ? { stations } : { station: target }) };
  if (form.connector.trim() !== '') {
    const connector = Number(form.connector);
    if (!Number.isInteger(connector) || connector < 1) throw new Error(`connector: ${JSON.stringify(form.connector)} is not allowed, expected a whole number >= 1`);
    body['connector'] = connector;
  }
  const params: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(form.params)) {
    if (text.trim() === '') continue;
    const spec = kind.params[name];
    if (!spec) throw new Error(`params.${name}: not a parameter of ${kind.kind}`);
    params[name] = paramValue(name, text.trim(), spec.default);
  }
  if (Object.keys(params).length > 0) body['params'] = params;
  if (form.at.trim() !== '') body['at'] = form.at.trim();
  return body;
}

/** One line for a fault in the trainer's list. */
export function faultLine(fault: { id: string; kind: string; state: string; targets: { stationIds: string[]; connectorId?: number } }): string {
  const where = fault.targets.stationIds.join(', ') + (fault.targets.connectorId !== undefined ? ` connector ${fault.targets.connectorId}` : '');
  return `${fault.id} ${fault.kind} on ${where}: ${fault.state}`;
}
