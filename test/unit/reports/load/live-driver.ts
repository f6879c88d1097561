/**
 * Drives a LiveDisplay on this process's stderr as the load command will, for live.test.ts: 13 one-second updates
 * (stage "ramp" up to 6 s, then "hold-at-peak"), a log line at 4 s, then finish(). Run under a pseudo-terminal
 * it must redraw in place; through a pipe it must print plain lines.
 */
import type { LiveProgress } from '../../../../harness/load/result.js';
import { LiveDisplay } from '../../../../reports/load/live.js';

const display = new LiveDisplay({ stream: process.stderr });
for (let s = 1; s <= 13; s++) {
  const progress: LiveProgress = {
    elapsedS: s,
    stage: s <= 6 ? 'ramp' : 'hold-at-peak',
    stations: 10_000,
    connected: Math.min(10_000, s * 1_000),
    booted: Math.min(10_000, s * 950),
    callsPerS: 1_234.5 + s,
    calls: s * 1_234,
    errors: s * 3,
    p99SoFarMs: 42.25 + s,
    sessionsActive: s * 100,
  };
  display.update(progress);
  if (s === 4) display.log('warning: 12 stations refused (ECONNREFUSED)');
}
display.finish();
