/**
 * Simulated durations in messages: "850ms", "47.2s", "2m10s", "1h2m". Seconds are rounded before they are
 * split into units, so 179.6 s reads "3m", never "2m60s" (simulator/duration.ts's formatter still does that).
 */
export function durationText(ms: number): string {
  if (Math.round(ms) < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const tenths = Math.round(ms / 100) / 10;
  if (tenths < 60) return `${tenths}s`;
  const total = Math.round(ms / 1_000);
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  return [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].join('') || '0s';
}
