/** Times and numbers as the console shows them. Times are the simulated clock's epoch ms, shown in UTC. */

/** Epoch ms or an ISO 8601 time (the drill API's). */
export function formatTime(time: number | string | null | undefined): string {
  const ms = typeof time === 'string' ? Date.parse(time) : time;
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** 0.834 → "83 %"; undefined → "—". */
export function formatRate(rate: number | undefined): string {
  return rate === undefined ? '—' : `${Math.round(rate * 100)}\u00a0%`;
}

export function formatPercent(percent: number | undefined): string {
  return percent === undefined ? '—' : `${percent.toFixed(2)}\u00a0%`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
