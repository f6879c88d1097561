/**
 * Load bench: a busy evening of N stations (default 5,000; half 1.6, half 2.0.1) through the load engine against
 * the bundled CSMS with its desk, started separately in its own process. A healthy fleet must boot 100 % and
 * raise no issue; the figures (boot-all time, calls, errors, p99 per action, issues) are printed.
 */
import { startBundledCsms } from '../harness/load/bundled-csms.js';
import { runLoad } from '../harness/load/engine.js';
import type { LoadResult, StageSpec } from '../harness/load/result.js';
import { planFleet } from '../simulator/fleet/plan.js';

export interface EveningBenchResult {
  stations: number;
  booted: number;
  issues: number;
  issueTypes: Record<string, number>;
  result: LoadResult;
  /** The CSMS's SQLite file; undefined: in memory. */
  dbPath?: string;
}

export async function benchEvening(options: { stations: number; rampPerS: number; eveningS: number; timeScale: number; dbPath?: string }): Promise<EveningBenchResult> {
  const { stations, timeScale } = options;
  const sites = Math.max(1, Math.floor(stations / 10));
  const seed = 1;
  const mix = { authorizePerHour: 1, meterValuesIntervalS: 60 };
  const stages: StageSpec[] = [
    { name: 'arrive', durationMs: Math.round((stations / options.rampPerS) * 1_000), target: stations, sessionsPerHour: 3, mix },
    { name: 'evening', durationMs: options.eveningS * 1_000, target: stations, sessionsPerHour: 3, mix },
  ];
  const plan = planFleet({ stations, sites, protocol: 'mix', seed });
  const acceptedTokens = plan.flatMap((s) => s.tokens.map((t) => t.idToken));
  const csms = await startBundledCsms({ mode: 'child-process', desk: true, timeScale, acceptedTokens, ...(options.dbPath !== undefined && { dbPath: options.dbPath }) });
  try {
    let issues: { type: string }[] = [];
    // Read while the fleet is still online: a fleet that has gone soon looks like an outage to the desk.
    const readIssues = async () => void (issues = (await (await fetch(`${csms.url}/api/issues`)).json()) as { type: string }[]);
    const result = await runLoad({ url: csms.ocppUrl, sites, protocol: 'mix', seed, timeScale, stages, bootTimeoutMs: 60_000, beforeStop: readIssues });
    const issueTypes: Record<string, number> = {};
    for (const issue of issues) issueTypes[issue.type] = (issueTypes[issue.type] ?? 0) + 1;
    return { stations, booted: result.boots.accepted, issues: issues.length, issueTypes, result, ...(options.dbPath !== undefined && { dbPath: options.dbPath }) };
  } finally {
    await csms.close();
  }
}

export function printEvening(bench: EveningBenchResult): void {
  const r = bench.result;
  console.log('');
  console.log(
    `load bench (busy evening): ${bench.stations} stations (mixed 1.6 / 2.0.1) against the bundled CSMS with its desk in its own process, ` +
      `time scale ${r.parameters.timeScale}${bench.dbPath === undefined ? '' : `, database ${bench.dbPath}`}`,
  );
  console.log(
    `  booted ${bench.booted} of ${bench.stations} (${((bench.booted / bench.stations) * 100).toFixed(1)} %)` +
      `${r.boots.bootAllMs === undefined ? '' : `, all in ${(r.boots.bootAllMs / 1_000).toFixed(2)} s`}; verdict ${r.verdict}` +
      (r.failures.length ? ` (${r.failures.join('; ')})` : ''),
  );
  console.log(`  issues raised ${bench.issues}${bench.issues ? ` ${JSON.stringify(bench.issueTypes)}` : ''}`);
  console.log(`  calls ${r.calls.sent} sent, ${r.calls.answered} answered, ${r.calls.errors} errors, ${r.calls.perS}/s over ${r.elapsedS.toFixed(1)} s`);
  console.log(`  sessions ${r.sessions.attempted} attempted, ${r.sessions.started} started, ${r.sessions.refused} refused, ${r.sessions.openAtEnd} open at the end`);
  for (const a of r.actions) console.log(`    ${a.action.padEnd(26)} ${String(a.sent).padStart(8)}  p50 ${a.latency.p50.toFixed(1)} ms  p99 ${a.latency.p99.toFixed(1)} ms  max ${a.latency.max.toFixed(1)} ms`);
}
