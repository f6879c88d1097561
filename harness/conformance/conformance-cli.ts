/** `chargedrill conformance`: checks the input, runs the cases, prints a line per case and writes the reports. */
import { defaultReportDir } from '../../reports/run-dir.js';
import type { OcppProtocol } from '../../simulator/protocol/versions.js';
import { UsageError } from '../cli/usage.js';
import { bundledAdapter, fileAdapter, promptAdapter, type ManualAdapter } from './adapters.js';
import { CORE_ONLY, ConformanceInputError, loadAdapterFile, loadFeaturesFile, type DeclaredFeatures } from './input-files.js';
import { casesOf } from './registry.js';
import { PROFILE_0, type ConformanceSecurity } from './security.js';
import { writeConformanceReports } from './report.js';
import { CsmsUnreachable, runConformance } from './runner.js';
import type { CaseResult } from './types.js';

export interface ConformanceCliOptions {
  csmsUrl: string;
  protocol: OcppProtocol;
  caseIds: string[];
  list: boolean;
  stationId: string;
  callTimeoutMs: number;
  promptTimeoutMs: number;
  apiUrl?: string;
  /** bundled, prompt, or an adapter file's path. */
  adapter?: string;
  featuresFile?: string;
  out?: string;
  /** The security profile every case connects with and the station's credentials; default profile 0. */
  security?: ConformanceSecurity;
}

/** No adapter: every manual action is INCONCLUSIVE, saying how to give one. */
const NO_ADAPTER: ManualAdapter = {
  name: 'none',
  perform: () => Promise.resolve({ done: false, reason: 'no adapter: give --api-url (bundled CSMS), --adapter FILE or --adapter prompt' }),
};

export async function conformanceCli(options: ConformanceCliOptions): Promise<number> {
  const cases = casesOf(options.protocol);
  const known = new Set(cases.map((c) => c.id));
  const unknown = options.caseIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UsageError(`--case ${unknown.join(', ')} is not a ${options.protocol} case; allowed: ${[...known].join(', ')}`);
  if (options.list) {
    for (const c of cases) process.stdout.write(`${c.id.padEnd(20)} ${c.feature.padEnd(24)} ${c.title}\n`);
    return 0;
  }
  let declared: DeclaredFeatures = CORE_ONLY;
  let adapter: ManualAdapter = NO_ADAPTER;
  try {
    if (options.featuresFile !== undefined) declared = loadFeaturesFile(options.featuresFile);
    if (options.adapter === 'bundled') adapter = bundledAdapter(options.apiUrl ?? '');
    else if (options.adapter === 'prompt') adapter = promptAdapter(options.promptTimeoutMs);
    else if (options.adapter !== undefined) adapter = fileAdapter(loadAdapterFile(options.adapter));
  } catch (error) {
    if (error instanceof ConformanceInputError) throw new UsageError(error.message);
    throw error;
  }
  const print = (r: CaseResult): void => {
    process.stdout.write(`${r.verdict.padEnd(14)} ${r.id.padEnd(20)} ${r.title}${r.reason ? ` — ${r.reason}` : ''}\n`);
  };
  let run;
  try {
    run = await runConformance({
      csmsUrl: options.csmsUrl,
      protocol: options.protocol,
      stationId: options.stationId,
      adapter,
      declared,
      caseIds: options.caseIds,
      callTimeoutMs: options.callTimeoutMs,
      connectTimeoutMs: 5_000,
      security: options.security ?? PROFILE_0,
      onResult: print,
    });
  } catch (error) {
    if (error instanceof CsmsUnreachable) {
      process.stderr.write(`chargedrill: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const s = run.summary;
  const outDir = options.out ?? defaultReportDir(run.startedAt);
  const paths = await writeConformanceReports(run, outDir);
  process.stdout.write(`\n${s.cases} cases: ${s.PASS} PASS, ${s.FAIL} FAIL, ${s.INCONCLUSIVE} INCONCLUSIVE, ${s['NOT APPLICABLE']} NOT APPLICABLE\nreports: ${paths.join(', ')}\n`);
  return s.FAIL > 0 || s.INCONCLUSIVE > 0 ? 1 : 0;
}
