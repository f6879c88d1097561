import type { ScenarioResult } from '../result.js';

/** Labels the HTML view shows for result values. */

export const STATUS_LABEL: Record<ScenarioResult['status'], string> = {
  passed: 'Passed',
  failed: 'Failed',
  errored: 'Errored',
  skipped: 'Skipped',
  interrupted: 'Interrupted',
};

export const STATUS_ICON: Record<ScenarioResult['status'], string> = {
  passed: '✓',
  failed: '✕',
  errored: '!',
  skipped: '–',
  interrupted: '■',
};

export const PROTOCOL_LABEL: Record<ScenarioResult['protocol'], string> = {
  'ocpp1.6': 'OCPP 1.6',
  'ocpp2.0.1': 'OCPP 2.0.1',
};

/** "2025-06-01T14:03:12.345Z" → "2025-06-01 14:03:12 UTC"; anything else is shown as given. */
export function formatInstant(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
