/**
 * `chargedrill fuzz` as a library call: checks the target is on this machine, starts the bundled CSMS
 * in-process when no URL is given, runs the catalogue and writes the reports. Returns the exit code.
 */
import { Csms } from '../csms/server.js';
import { loopbackProblem } from './loopback.js';
import { fuzzTextReport, writeFuzzReports } from './report.js';
import { runFuzz, type FuzzOptions } from './run-fuzz.js';

export interface FuzzCliOptions extends Omit<FuzzOptions, 'csmsUrl' | 'onCase'> {
  /** Absent: the bundled CSMS, started in-process on a free loopback port. */
  csmsUrl?: string;
  out?: string;
  json: boolean;
  write: (text: string) => void;
  progress: (text: string) => void;
}

/** Thrown for a target the fuzzer refuses (exit 2). */
export class FuzzTargetError extends Error {
  override readonly name = 'FuzzTargetError';
}

export async function fuzzCli(options: FuzzCliOptions): Promise<number> {
  if (options.csmsUrl !== undefined) {
    const problem = await loopbackProblem(options.csmsUrl);
    if (problem !== undefined) throw new FuzzTargetError(`--csms-url ${options.csmsUrl}: ${problem}`);
  }
  const csms = options.csmsUrl === undefined ? await Csms.start({ host: '127.0.0.1', port: 0, ...(options.maxPayloadBytes !== undefined && { maxPayloadBytes: options.maxPayloadBytes }) }) : undefined;
  try {
    const result = await runFuzz({
      ...options,
      csmsUrl: options.csmsUrl ?? (csms as Csms).ocppUrl,
      onCase: (c) => options.progress(`${c.passed ? 'ok  ' : c.ran ? 'FAIL' : 'skip'} ${c.name}: ${c.framesSent} frames, ${c.perSpec} per spec, ${c.wrong} wrong, ${c.dropped} dropped`),
    });
    if (options.out !== undefined) for (const path of writeFuzzReports(result, options.out)) options.progress(`wrote ${path}`);
    options.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : fuzzTextReport(result));
    return result.passed ? 0 : 1;
  } finally {
    await csms?.close();
  }
}
