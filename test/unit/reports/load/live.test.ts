import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LiveProgress } from '../../../../harness/load/result.js';
import { fitProgressLine, LiveDisplay, type LiveStream } from '../../../../reports/load/live.js';

const DRIVER = fileURLToPath(new URL('./live-driver.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLEAR_LINE = '\r\u001b[2K';

function progress(over: Partial<LiveProgress> = {}): LiveProgress {
  return {
    elapsedS: 42,
    stage: 'ramp',
    stations: 10_000,
    connected: 8_123,
    booted: 7_990,
    callsPerS: 1_234.4,
    calls: 51_000,
    errors: 17,
    p99SoFarMs: 48.25,
    sessionsActive: 2_310,
    ...over,
  };
}

/** An in-memory stream that records what was written. */
function recorder(isTTY: boolean, columns?: number): LiveStream & { text: string } {
  const stream = { text: '', isTTY, columns, write: (chunk: string) => (stream.text += chunk) };
  return stream;
}

describe('fitProgressLine', () => {
  it('shows every field in full when the terminal is wide enough', () => {
    expect(fitProgressLine(progress(), 200)).toBe(
      '[  42s]  ramp  stations 8,123 connected, 7,990 booted of 10,000  calls 1,234 /s  errors 17  p99 48.3 ms  sessions 2,310',
    );
  });

  it('uses short forms, then leaves out the least important fields, and never exceeds the width', () => {
    expect(fitProgressLine(progress(), 80)).toBe('[  42s] ramp conn 8,123 boot 7,990/10,000 1,234 /s err 17 p99 48.3 ms sess 2,310');
    const narrow = fitProgressLine(progress(), 40);
    expect(narrow).toBe('42s ramp conn 8,123 boot 7,990/10,000');
    for (const width of [120, 80, 60, 40, 30, 20, 8, 1]) expect([...fitProgressLine(progress(), width)].length, String(width)).toBeLessThanOrEqual(width);
    expect(fitProgressLine(progress({ stage: 'a-very-long-stage-name-indeed' }), 12)).toBe('42s a-very-…');
  });

  it('says "–" for p99 before any call was answered', () => {
    expect(fitProgressLine(progress({ p99SoFarMs: null }), 200)).toContain('p99 –  sessions');
  });
});

describe('LiveDisplay in a real pseudo-terminal', () => {
  // util-linux `script` gives the child a pty; stty sets its width to 60 and turns off \n -> \r\n so the bytes
  // are exactly the ones written. COLUMNS=200 in the environment proves the pty's own width is the one used.
  const run = spawnSync('script', ['-qfec', `stty cols 60 -onlcr; exec node --import tsx ${DRIVER}`, '/dev/null'], {
    cwd: ROOT,
    env: { ...process.env, COLUMNS: '200' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  const out = run.stdout ?? '';

  it('ran', () => {
    expect(run.error).toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
  });

  it('redraws one line in place with carriage return and erase-line, and ends with a single newline', () => {
    // 13 updates, the erase before the log line, the redraw after it, the final redraw
    expect(out.split(CLEAR_LINE).length - 1).toBe(16);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.match(/\n/g)).toHaveLength(2); // the log line and the final one
    const lastLine = out.slice(out.lastIndexOf(CLEAR_LINE) + CLEAR_LINE.length, -1);
    expect(lastLine.startsWith('13s hold-at-p… conn 10,000 boot 10,000/10,000')).toBe(true);
  });

  it('prints a log line whole on its own line and redraws the status after it', () => {
    expect(out).toContain(`${CLEAR_LINE}warning: 12 stations refused (ECONNREFUSED)\n${CLEAR_LINE}4s ramp conn 4,000`);
  });

  it('never draws a line as wide as the 60 columns it was given', () => {
    const drawn = out.split(CLEAR_LINE).flatMap((part) => part.split('\n')).filter((line) => line.length > 0);
    expect(drawn.length).toBe(16); // 13 updates, the log line, the redraw after it, the final redraw
    for (const line of drawn) expect([...line].length, line).toBeLessThan(60);
    // the 60 columns were used, not the 80 default or COLUMNS=200: the longest line is close to the edge
    expect(Math.max(...drawn.filter((l) => !l.startsWith('warning')).map((l) => [...l].length))).toBeGreaterThan(45);
  });
});

describe('LiveDisplay through a pipe (CI logs)', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', DRIVER], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });

  it('prints plain lines every 5 s of the run, at a stage change, and the last state at the end', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr.includes('\r')).toBe(false);
    expect(run.stderr.includes('\u001b')).toBe(false);
    const lines = run.stderr.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => line.slice(0, 22))).toEqual([
      '[   1s]  ramp  station',
      'warning: 12 stations r',
      '[   6s]  ramp  station',
      '[   7s]  hold-at-peak ',
      '[  12s]  hold-at-peak ',
      '[  13s]  hold-at-peak ',
    ]);
    expect(lines[0]).toBe('[   1s]  ramp  stations 1,000 connected, 950 booted of 10,000  calls 1,236 /s  errors 3  p99 43.3 ms  sessions 100');
  });
});

describe('LiveDisplay details', () => {
  it('does not print the final line twice when it was the last one printed', () => {
    const stream = recorder(false);
    const display = new LiveDisplay({ stream, plainIntervalS: 5 });
    display.update(progress({ elapsedS: 1 }));
    display.finish();
    display.finish();
    expect(stream.text.split('\n')).toHaveLength(2);
  });

  it('writes nothing in a terminal before the first update, and only the newline-free log line', () => {
    const stream = recorder(true, 100);
    const display = new LiveDisplay({ stream });
    display.log('starting the bundled CSMS');
    display.finish();
    expect(stream.text).toBe('starting the bundled CSMS\n');
  });

  it('ignores updates after finish and refuses a non-positive interval', () => {
    const stream = recorder(true, 100);
    const display = new LiveDisplay({ stream });
    display.update(progress());
    display.finish();
    const before = stream.text;
    display.update(progress({ elapsedS: 50 }));
    expect(stream.text).toBe(before);
    expect(() => new LiveDisplay({ stream, plainIntervalS: 0 })).toThrow(/plainIntervalS: expected seconds > 0, got 0/);
  });
});
