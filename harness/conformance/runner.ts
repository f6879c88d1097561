/**
 * Runs conformance cases one after the other against one CSMS, each on a fresh connection of the same station id,
 * and gives each its verdict: NOT APPLICABLE when its feature is not declared, FAIL when the CSMS broke a rule
 * (on any frame of the case, preconditions included), INCONCLUSIVE when a state could not be reached, else PASS.
 */
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import type { ManualAdapter } from './adapters.js';
import { CaseContext, type RunMemory } from './context.js';
import type { DeclaredFeatures } from './input-files.js';
import { stopTransaction16 } from './messages16.js';
import { transactionEvent201 } from './messages201.js';
import { PRECONDITIONS } from './preconditions.js';
import { casesOf } from './registry.js';
import { credentialsOf, PROFILE_0, type ConformanceSecurity } from './security.js';
import { ConnectError, TestStation, type StationOptions } from './test-station.js';
import { CaseFailure, Inconclusive, type CaseResult, type Verdict } from './types.js';
import type { TestCase } from './test-case.js';

export interface ConformanceOptions {
  csmsUrl: string;
  protocol: OcppProtocol;
  stationId: string;
  adapter: ManualAdapter;
  declared: DeclaredFeatures;
  /** Only these ids (checked by the caller); default every case of the protocol. */
  caseIds?: readonly string[];
  callTimeoutMs: number;
  connectTimeoutMs: number;
  /** The security profile every case connects with, and the station's credentials; default profile 0. */
  security?: ConformanceSecurity;
  onResult?: (result: CaseResult) => void;
}

export interface ConformanceRun {
  protocol: OcppProtocol;
  csmsUrl: string;
  stationId: string;
  adapter: string;
  features: string[];
  startedAt: string;
  durationMs: number;
  summary: Record<Verdict, number> & { cases: number };
  cases: CaseResult[];
}

/** The CSMS could not be reached at all: the run stops before any verdict. */
export class CsmsUnreachable extends Error {
  override readonly name = 'CsmsUnreachable';
}

export function selectCases(protocol: OcppProtocol, caseIds: readonly string[] | undefined): TestCase[] {
  const all = casesOf(protocol);
  return caseIds && caseIds.length > 0 ? all.filter((c) => caseIds.includes(c.id)) : all;
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceRun> {
  const startedAt = new Date();
  const memory: RunMemory = { transactionIds16: new Set() };
  const results: CaseResult[] = [];
  let reachedOnce = false;
  for (const testCase of selectCases(options.protocol, options.caseIds)) {
    const result = await runCase(testCase, options, memory, reachedOnce);
    if (result === 'unreachable') break;
    // A NOT APPLICABLE case never tried to connect.
    if (result.verdict !== 'NOT APPLICABLE') reachedOnce = true;
    results.push(result);
    options.onResult?.(result);
  }
  const summary = { cases: results.length, PASS: 0, FAIL: 0, 'NOT APPLICABLE': 0, INCONCLUSIVE: 0 };
  for (const r of results) summary[r.verdict]++;
  return {
    protocol: options.protocol,
    csmsUrl: options.csmsUrl,
    stationId: options.stationId,
    adapter: options.adapter.name,
    features: [...options.declared.features],
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    summary,
    cases: results,
  };
}

async function runCase(testCase: TestCase, options: ConformanceOptions, memory: RunMemory, reachedOnce: boolean): Promise<CaseResult | 'unreachable'> {
  const started = Date.now();
  const base = { id: testCase.id, title: testCase.title, protocol: testCase.protocol, block: testCase.block, feature: testCase.feature };
  const done = (verdict: Verdict, reason: string, extra: Partial<CaseResult> = {}): CaseResult => ({ ...base, verdict, reason, durationMs: Date.now() - started, frames: [], ...extra });
  const security = options.security ?? PROFILE_0;
  const notApplicable = applicability(testCase, options, security);
  if (notApplicable !== undefined) return done('NOT APPLICABLE', notApplicable);
  const credentials = credentialsOf(security, options.stationId);
  const stationOptions: StationOptions = {
    url: options.csmsUrl, stationId: options.stationId, protocol: options.protocol, connectTimeoutMs: options.connectTimeoutMs, callTimeoutMs: options.callTimeoutMs,
    ...(credentials !== undefined && { credentials }),
  };
  let station: TestStation | undefined;
  if (testCase.ownConnection !== true) {
    try {
      station = await TestStation.connect(stationOptions);
    } catch (error) {
      if (!reachedOnce) throw new CsmsUnreachable((error as Error).message);
      return done('INCONCLUSIVE', `could not connect: ${(error as Error).message}`);
    }
  }
  const ctx = new CaseContext(station, stationOptions, options.adapter, options.declared.tokens, memory, security);
  let error: unknown;
  try {
    for (const name of testCase.preconditions) await PRECONDITIONS[name](ctx);
    await testCase.run(ctx);
  } catch (caught) {
    error = caught;
  }
  // A case that opens its own connections could not reach the CSMS at all: the run stops as for any other case.
  if (error instanceof ConnectError && error.kind === 'network' && !reachedOnce) throw new CsmsUnreachable(error.message);
  const protocolFailure = ctx.protocolFailure;
  await endOpenTransaction(ctx);
  if (ctx.hasStation) await ctx.station.close();
  const frames = ctx.frames;
  // A rule broken on any frame outranks what the case was waiting for at the time (a timeout after a CALLRESULT
  // with a wrong id is that wrong id).
  const failure = protocolFailure ?? (error instanceof CaseFailure ? error : undefined);
  if (failure) return done('FAIL', `${failure.rule}: ${failure.message}`, { rule: failure.rule, ...(failure.frame !== undefined && { frame: failure.frame }), frames });
  if (error instanceof Inconclusive) return done('INCONCLUSIVE', error.message, { frames });
  if (error instanceof ConnectError) return done('INCONCLUSIVE', `could not connect: ${error.message}`, { frames });
  if (error !== undefined) return done('INCONCLUSIVE', `test station error: ${(error as Error).message ?? String(error)}`, { frames });
  return done('PASS', '', { frames });
}

/**
 * Why the case does not apply, or undefined. A security case needs the run's profile (--security-profile) to be
 * one it is about and declared by the CSMS; any other case needs its feature declared.
 */
function applicability(testCase: TestCase, options: ConformanceOptions, security: ConformanceSecurity): string | undefined {
  const profiles = testCase.securityProfiles;
  if (profiles === undefined) return options.declared.features.has(testCase.feature) ? undefined : `feature ${testCase.feature} is not declared`;
  if (!profiles.includes(security.profile)) return `the case is about security profile ${profiles.join(' or ')}; this run connects with profile ${security.profile} (--security-profile)`;
  if (!options.declared.securityProfiles.has(security.profile)) return `security profile ${security.profile} is not declared (features file: security: [...])`;
  return undefined;
}

/**
 * Tidying, not testing: a transaction a case left open is ended, so the CSMS does not see the valid token as in use
 * (ConcurrentTx) in the next case or run. Its frames are kept in the log but do not change the verdict.
 */
async function endOpenTransaction(ctx: CaseContext): Promise<void> {
  if (!ctx.hasStation || ctx.station.isClosed) return;
  try {
    if (ctx.protocol === 'ocpp1.6' && ctx.transactionId16 !== undefined) await stopTransaction16(ctx, 'Local');
    if (ctx.protocol === 'ocpp2.0.1' && ctx.transactionId !== undefined) {
      await transactionEvent201(ctx, 'Ended', 'StopAuthorized', { chargingState: 'EVConnected', stoppedReason: 'Local' });
    }
  } catch {
    // The verdict is already decided; a CSMS that broke a rule here broke it after the case.
  }
}
