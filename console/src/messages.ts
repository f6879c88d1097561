/** The message log's filters and how a frame is summed up in one line. */
import type { MessageRow } from './types.js';

/** Preselected: the charging session and the status a trainee reads first (both versions' names). */
export const PRESELECTED_ACTIONS: readonly string[] = [
  'Authorize',
  'StartTransaction',
  'TransactionEvent',
  'StopTransaction',
  'StatusNotification',
  'DataTransfer',
];

export type Direction = 'in' | 'out' | 'both';

export interface MessageFilter {
  /** The actions to show; frames without an action (unreadable ones) show only with `showUnnamed`. */
  actions: ReadonlySet<string>;
  showUnnamed: boolean;
  direction: Direction;
  /** Simulated epoch ms, inclusive; undefined is open. */
  from?: number;
  to?: number;
}

export function defaultMessageFilter(): MessageFilter {
  return { actions: new Set(PRESELECTED_ACTIONS), showUnnamed: false, direction: 'both' };
}

export function matchesMessage(row: MessageRow, filter: MessageFilter): boolean {
  if (row.action === null ? !filter.showUnnamed : !filter.actions.has(row.action)) return false;
  if (filter.direction !== 'both' && row.direction !== filter.direction) return false;
  if (filter.from !== undefined && row.at < filter.from) return false;
  if (filter.to !== undefined && row.at > filter.to) return false;
  return true;
}

export function filterMessages(rows: readonly MessageRow[], filter: MessageFilter): MessageRow[] {
  return rows.filter((row) => matchesMessage(row, filter));
}

/** Every action the log holds plus the preselected ones, sorted: the filter's checkboxes. */
export function actionChoices(rows: readonly MessageRow[]): string[] {
  const names = new Set(PRESELECTED_ACTIONS);
  for (const row of rows) if (row.action !== null) names.add(row.action);
  return [...names].sort();
}

const KIND: Readonly<Record<number, string>> = { 2: 'CALL', 3: 'CALLRESULT', 4: 'CALLERROR' };

/** E.g. "station → CSMS · CALL StatusNotification · Faulted"; the status or error code when there is one. */
export function frameSummary(row: MessageRow): string {
  const arrow = row.direction === 'in' ? 'station → CSMS' : 'CSMS → station';
  const kind = row.messageType === null ? 'unreadable' : (KIND[row.messageType] ?? `type ${row.messageType}`);
  const payload = row.payload !== null && typeof row.payload === 'object' ? (row.payload as Record<string, unknown>) : {};
  const detail = [payload['status'], payload['errorCode'], payload['connectorStatus'], payload['eventType']]
    .filter((v): v is string => typeof v === 'string' && v !== 'NoError')
    .join(' ');
  return [arrow, `${kind}${row.action ? ` ${row.action}` : ''}`, detail].filter(Boolean).join(' · ');
}

/** A `datetime-local` input's value as epoch ms, read as UTC like every time the console shows; '' is open. Throws naming the field. */
export function parseTimeInput(field: string, value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
  if (!Number.isFinite(ms)) throw new Error(`${field}: ${JSON.stringify(value)} is not a date and time`);
  return ms;
}
