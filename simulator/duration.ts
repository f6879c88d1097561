/** Durations as people write them in flags and scenario files: `250ms`, `90s`, `5m`, `24h`, `1h30m`, `2d`. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

export const DURATION_HELP = 'a duration like 250ms, 90s, 5m, 24h or 1h30m';

/** Parses a duration into milliseconds; returns undefined when the text is not one. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0) return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(trimmed); match !== null; match = PART.exec(trimmed)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
    consumed = PART.lastIndex;
  }
  return consumed === trimmed.length ? total : undefined;
}

/**
 * Formats milliseconds compactly for messages and reports: 850ms, 47.2s, 2m10s, 1h30m. Seconds are rounded
 * before they are split into units, so 179.6 s reads "3m", never "2m60s".
 */
export function formatDurationMs(ms: number): string {
  if (Math.round(ms) < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const tenths = Math.round(ms / 100) / 10;
  if (tenths < 60) return `${tenths}s`;
  const total = Math.round(ms / 1_000);
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].join('') || '0s';
}
