/**
 * A simulated day against the strict CSMS, run the way a user runs it: two processes of the real CLI.
 *
 *   npm run build
 *   npm run strict-day -- [--stations 1000] [--time-scale 240] [--hours 24] [--sessions-per-hour 0.25]
 *                         [--heartbeat-interval 1h] [--ramp 100] [--seed 1] [--behaviours reference,vendor-a,vendor-b]
 *                         [--stop-grace 2s] [--keep-db]
 *
 * Starts `chargedrill csms --strict` on 127.0.0.1 (free port, temporary SQLite file), then `chargedrill fleet`
 * (mixed 1.6 / 2.0.1 fleet, behaviour profiles dealt by seed) for `--hours` simulated hours after the ramp.
 * When the fleet has exited (it stops its sessions first) the CSMS's HTTP API is read at once: violations,
 * issues, health; the transaction events come from its event stream during the run. Then the CSMS is stopped
 * and its SQLite file gives the transaction table and the message log. Prints a summary and exits 1 if a check
 * fails: any violation, any issue, any transaction still open, a station that did not boot, fewer simulated hours
 * than asked for. Builds nothing itself: it runs dist/, so `npm run build` first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { durationMs, nonNegativeNumber, positiveInt, positiveNumber } from '../harness/cli/usage.js';
import type { LoadResult } from '../harness/load/result.js';

const CLI = fileURLToPath(new URL('../dist/harness/cli/main.js', import.meta.url));
const PROFILES = ['reference', 'vendor-a', 'vendor-b'];
/** The earliest detector deadline a departed fleet can trip: stuckFinishingMs, 15 simulated minutes by default. */
const END_DEADLINE_MIN = 15;

interface Options {
  stations: number;
  timeScale: number;
  hours: number;
  sessionsPerHour: number;
  heartbeatInterval: string;
  ramp: number;
  seed: number;
  behaviours: string;
  stopGrace: string;
  keepDb: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      'stations': { type: 'string', default: '1000' },
      'time-scale': { type: 'string', default: '240' },
      'hours': { type: 'string', default: '24' },
      'sessions-per-hour': { type: 'string', default: '0.25' },
      'heartbeat-interval': { type: 'string', default: '1h' },
      'ramp': { type: 'string', default: '100' },
      'seed': { type: 'string', default: '1' },
      'behaviours': { type: 'string', default: PROFILES.join(',') },
      'stop-grace': { type: 'string', default: '2s' },
      'keep-db': { type: 'boolean', default: false },
    },
  });
  const behaviours = values.behaviours.split(',').map((b) => b.trim());
  const unknown = behaviours.find((b) => !PROFILES.includes(b));
  if (unknown !== undefined) throw new Error(`--behaviours must list profiles from ${PROFILES.join(', ')}, got ${JSON.stringify(unknown)}`);
  durationMs('heartbeat-interval', values['heartbeat-interval']);
  durationMs('stop-grace', values['stop-grace']);
  return {
    stations: positiveInt('stations', values.stations, 19_000),
    timeScale: positiveNumber('time-scale', values['time-scale']),
    hours: positiveNumber('hours', values.hours),
    sessionsPerHour: nonNegativeNumber('sessions-per-hour', values['sessions-per-hour']),
    heartbeatInterval: values['heartbeat-interval'],
    ramp: positiveNumber('ramp', values.ramp),
    seed: positiveInt('seed', values.seed),
    behaviours: behaviours.join(','),
    stopGrace: values['stop-grace'],
    keepDb: values['keep-db'],
  };
}

/** Live counts from the CSMS's event stream. */
interface LiveCounts {
  txStarted: number;
  txEnded: number;
  violations: number;
  issues: number;
}

function startCsms(opts: Options, dbPath: string, logPath: string): Promise<{ child: ChildProcess; base: string }> {
  const args = ['csms', '--strict', '--host', '127.0.0.1', '--port', '0', '--db', dbPath, '--time-scale', String(opts.timeScale),
    '--heartbeat-interval', opts.heartbeatInterval, '--log-level', 'warn'];
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', openSync(logPath, 'w')] });
  console.log(`$ chargedrill ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`the CSMS exited with code ${code} before listening; its log: ${logPath}`)));
  });
}

function getJson(base: string, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET ${path}: HTTP ${res.statusCode}: ${body}`));
        resolve(JSON.parse(body));
      });
    }).on('error', reject);
  });
}

async function waitForHealth(base: string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    try {
      await getJson(base, '/api/health');
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Follows `GET /api/events` for the events worth counting live; the stream ends when the CSMS closes. */
function followEvents(base: string, counts: LiveCounts): void {
  const types = 'transaction-started,transaction-ended,protocol-violation,issue-raised';
  get(`${base}/api/events?types=${types}`, (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = /^event: (.+)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (event === 'transaction-started') counts.txStarted++;
        else if (event === 'transaction-ended') counts.txEnded++;
        else if (event === 'protocol-violation') counts.violations++;
        else if (event === 'issue-raised') counts.issues++;
      }
    });
  }).on('error', (error) => console.error(`event stream: ${error.message}`));
}

interface FleetJson {
  elapsedS: number;
  bootAllMs?: number;
  snapshot: {
    stations: number;
    booted: number;
    notBooted: number;
    calls: number;
    errors: number;
    errorsByCode: Record<string, number>;
    sessions: { attempted: number; started: number; refused: number; completed: number; stoppedAtEnd: number; openAtEnd: number; failed: number };
  };
}

/** The figures this script reads, from the load result `--json` prints. */
function fleetJson(load: LoadResult): FleetJson {
  const errorsByCode: Record<string, number> = {};
  const add = (code: string, n: number) => n > 0 && (errorsByCode[code] = (errorsByCode[code] ?? 0) + n);
  for (const a of load.actions) {
    for (const [code, n] of Object.entries(a.callErrors)) add(code, n);
    add('Timeout', a.timedOut);
    add('Disconnected', a.cutByDisconnect);
  }
  const b = load.boots;
  const snapshot = { stations: load.parameters.stations, booted: b.accepted, notBooted: b.notBooted, calls: load.calls.sent, errors: load.calls.errors, errorsByCode, sessions: load.sessions };
  return { elapsedS: load.elapsedS, ...(b.bootAllMs !== undefined && { bootAllMs: b.bootAllMs }), snapshot };
}

function runFleet(opts: Options, ocppUrl: string, durationS: number, counts: LiveCounts): Promise<{ code: number | null; result: FleetJson | undefined }> {
  const args = ['fleet', '--url', ocppUrl, '--stations', String(opts.stations), '--protocol', 'mix', '--behaviours', opts.behaviours,
    '--ramp', String(opts.ramp), '--time-scale', String(opts.timeScale), '--sessions-per-hour', String(opts.sessionsPerHour),
    '--duration', `${durationS}s`, '--seed', String(opts.seed), '--stop-grace', opts.stopGrace, '--json'];
  console.log(`$ chargedrill ${args.join(' ')}`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let lastShown = 0;
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => {
    for (const line of c.toString().split('\n')) {
      const progress = /^\[\s*(\d+)s\]/.exec(line);
      if (!progress) {
        if (line.trim()) console.error(`fleet: ${line}`);
        continue;
      }
      // One progress line in 15 s is enough to see the run move; the CSMS's live counts go beside it.
      const s = Number(progress[1]);
      if (s - lastShown < 15) continue;
      lastShown = s;
      console.log(`${line}  | CSMS: tx ${counts.txStarted} started, ${counts.txEnded} ended, violations ${counts.violations}, issues ${counts.issues}`);
    }
  });
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      children.delete(child);
      let result: FleetJson | undefined;
      try {
        result = fleetJson(JSON.parse(out) as LoadResult);
      } catch {
        result = undefined;
      }
      resolve({ code, result });
    });
  });
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

interface IssueListEntry { id: string; type: string; stationId?: string; connectorId?: number; siteId?: string; raisedAt: unknown }
interface ViolationEntry { stationId: string; rule: string; ruleName: string; message: string; action: string }

/** The CSMS's own record after it stopped: transactions and the message log. */
function readDatabase(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const one = (sql: string) => db.prepare(sql).get() as Record<string, number | null>;
    const tx = one(`SELECT COUNT(*) AS total, SUM(stoppedAt IS NULL) AS open, SUM(authStatus = 'Accepted') AS accepted FROM transactions`);
    const reasons = db.prepare(`SELECT reason, COUNT(*) AS n FROM transactions WHERE stoppedAt IS NOT NULL GROUP BY reason ORDER BY n DESC`).all() as { reason: string; n: number }[];
    const messages = one(`SELECT COUNT(*) AS total, SUM(direction = 'in' AND messageType = 2) AS callsIn, SUM(messageType = 4) AS callErrors,
      MIN(at) AS firstAt, MAX(at) AS lastAt FROM messages`);
    // The ramp ends, on the CSMS's clock, at the first BootNotification of the last station to arrive.
    const rampEnd = one(`SELECT MAX(firstBoot) AS at FROM (SELECT MIN(at) AS firstBoot FROM messages
      WHERE direction = 'in' AND action = 'BootNotification' GROUP BY stationId)`);
    return { tx, reasons, messages, rampEndAt: rampEnd.at };
  } finally {
    db.close();
  }
}

const children = new Set<ChildProcess>();

/** The end of the CSMS's own log (warnings and errors), shown when a check failed. */
function printLogTail(logPath: string, lines = 20): void {
  if (!existsSync(logPath)) return;
  const text = readFileSync(logPath, 'utf8').trimEnd();
  for (const line of text ? text.split('\n').slice(-lines) : []) console.log(`  csms log: ${line}`);
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error(`${CLI} not found: run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'chargedrill-strict-day-'));
  const dbPath = join(dir, 'csms.db');
  const logPath = join(dir, 'csms.log');
  // 2 real seconds more: the fleet's ramp ends when it has spawned the last station, the CSMS's when that boot arrives.
  const durationS = Math.ceil((opts.hours * 3_600) / opts.timeScale) + 2;
  const counts: LiveCounts = { txStarted: 0, txEnded: 0, violations: 0, issues: 0 };

  const { child: csms, base } = await startCsms(opts, dbPath, logPath);
  children.add(csms);
  await waitForHealth(base);
  followEvents(base, counts);
  const began = performance.now();
  const fleet = await runFleet(opts, `${base.replace('http', 'ws')}/ocpp`, durationS, counts);
  const fleetRealS = (performance.now() - began) / 1_000;

  // Read at once: a fleet that has gone is silent. Its connectors left in Finishing (the shutdown cut the
  // drivers' dwell short) become a true stuck-finishing 15 simulated minutes later, and the silence a true
  // no-connectivity after 3 heartbeat intervals; the read-delay check below proves the read came first.
  const issues = (await getJson(base, '/api/issues')) as IssueListEntry[];
  const health = (await getJson(base, '/api/health')) as { stations: number; now: number };
  const violations = (await getJson(base, '/api/violations?limit=10000')) as ViolationEntry[];
  const stations = (await getJson(base, '/api/stations')) as { connectors: { status: string }[] }[];
  const details = await Promise.all(issues.slice(0, 10).map((i) => getJson(base, `/api/issues/${encodeURIComponent(i.id)}`)));
  const endStatuses = new Map<string, number>();
  for (const c of stations.flatMap((st) => st.connectors)) endStatuses.set(c.status, (endStatuses.get(c.status) ?? 0) + 1);
  await stopChild(csms, 30_000);
  children.delete(csms);
  const db = readDatabase(dbPath);

  const snap = fleet.result?.snapshot;
  const simHoursAfterRamp = db.messages.lastAt != null && db.rampEndAt != null ? (db.messages.lastAt - db.rampEndAt) / 3_600_000 : 0;
  const readDelayMin = db.messages.lastAt != null ? (health.now - db.messages.lastAt) / 60_000 : Number.NaN;
  const checks: [string, boolean, string][] = [
    [`issues read < ${END_DEADLINE_MIN} simulated min after the last frame`, readDelayMin < END_DEADLINE_MIN, `${readDelayMin.toFixed(1)} min`],
    ['fleet exited 0', fleet.code === 0 && snap !== undefined, `exit code ${fleet.code}`],
    ['every station booted', snap !== undefined && snap.notBooted === 0 && snap.booted === opts.stations, `${snap?.booted ?? '?'} of ${opts.stations}`],
    [`>= ${opts.hours} simulated hours after the ramp`, simHoursAfterRamp >= opts.hours, `${simHoursAfterRamp.toFixed(2)} h`],
    ['protocol violations', violations.length === 0, String(violations.length)],
    ['issues raised', issues.length === 0, String(issues.length)],
    ['transactions open at the CSMS', db.tx.open === 0, String(db.tx.open)],
    ['sessions open at the fleet', snap !== undefined && snap.sessions.openAtEnd === 0, String(snap?.sessions.openAtEnd ?? '?')],
    ['CALLERRORs in the message log', db.messages.callErrors === 0, String(db.messages.callErrors)],
  ];

  const rows: [string, string][] = [
    ['stations (1.6 / 2.0.1 half each)', `${health.stations} at the CSMS, ${snap?.booted ?? '?'} booted (${opts.behaviours})`],
    ['time scale / heartbeat interval', `${opts.timeScale} / ${opts.heartbeatInterval}`],
    ['simulated hours after the ramp', `${simHoursAfterRamp.toFixed(2)} (CSMS clock; ${(((db.messages.lastAt ?? 0) - (db.messages.firstAt ?? 0)) / 3_600_000).toFixed(2)} with the ramp)`],
    ['real seconds of the fleet run', `${fleetRealS.toFixed(1)} (ramp + ${durationS} s + stop; all booted in ${((fleet.result?.bootAllMs ?? NaN) / 1_000).toFixed(1)} s)`],
    ['sessions (fleet)', snap ? `${snap.sessions.attempted} attempted, ${snap.sessions.started} started, ${snap.sessions.refused} refused, ${snap.sessions.completed} completed, ${snap.sessions.stoppedAtEnd} stopped at end, ${snap.sessions.openAtEnd} open, ${snap.sessions.failed} did not start` : 'no fleet summary'],
    ['transactions (CSMS database)', `${db.tx.total} (${db.tx.accepted} Accepted), ${(db.tx.total ?? 0) - (db.tx.open ?? 0)} ended, ${db.tx.open} open; reasons ${db.reasons.map((r) => `${r.reason} ${r.n}`).join(', ')}`],
    ['transaction events (event stream)', `${counts.txStarted} started, ${counts.txEnded} ended`],
    ['messages (CSMS log, in + out)', `${db.messages.total} frames, ${db.messages.callsIn} CALLs from stations, ${db.messages.callErrors} CALLERRORs`],
    ['fleet calls / errors', snap ? `${snap.calls} / ${snap.errors}${Object.keys(snap.errorsByCode).length ? ` ${JSON.stringify(snap.errorsByCode)}` : ''}` : '?'],
    ['connector statuses at the end (API)', [...endStatuses].map(([st, n]) => `${st} ${n}`).join(', ')],
    ['violations (GET /api/violations)', String(violations.length)],
    ['issues (GET /api/issues)', String(issues.length)],
  ];
  console.log('\nA simulated day against the strict CSMS');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(36)} ${v}`);
  console.log('\nChecks');
  for (const [name, ok, figure] of checks) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(40)} ${figure}`);

  for (const v of violations.slice(0, 20)) console.log(`  violation ${v.rule} ${v.ruleName} ${v.stationId} ${v.action}: ${v.message}`);
  for (const d of details) {
    const issue = d as IssueListEntry & { evidence?: { summary: string }[] };
    const place = [issue.stationId, issue.connectorId, issue.siteId].filter((p) => p !== undefined).join(' ');
    console.log(`  issue ${issue.type} ${place}: ${(issue.evidence ?? []).map((e) => e.summary).join(' | ')}`);
  }
  const passed = checks.every(([, ok]) => ok);
  if (!passed) printLogTail(logPath);
  if (opts.keepDb) console.log(`\nCSMS database and log kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  if (!passed && !opts.keepDb) console.log(`(run with --keep-db to keep the CSMS's database and log)`);
  return passed ? 0 : 1;
}

function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}

process.once('SIGINT', () => {
  killChildren();
  process.exit(130);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    killChildren();
    console.error(`strict-day: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
