/**
 * What turns a finished run into a gate: its thresholds evaluated on the final LoadResult (a failed one makes the
 * verdict `threshold-failed`, exit 99, unless the run itself failed or was cut), and the `abortOnFail` thresholds
 * checked about once a second on the live numbers so far, which stop the run early.
 */
import { LOAD_EXIT, type LoadResult, type ThresholdResult } from './result.js';
import { checkAbort, evaluateThresholds, type LoadMeasurements, type ThresholdSpec } from './thresholds.js';

/** The abortOnFail thresholds of a run; remembers which ones stopped it. */
export class AbortGate {
  private readonly watched: ThresholdSpec[];
  /** Failed thresholds that stopped the run, with the real ms they did. */
  readonly tripped: { result: ThresholdResult; atMs: number }[] = [];

  constructor(specs: readonly ThresholdSpec[]) {
    this.watched = specs.filter((spec) => spec.abortOnFail);
  }

  get active(): boolean {
    return this.watched.length > 0;
  }

  /** The line saying why the run stops, once an abortOnFail threshold fails on the live numbers; else undefined. */
  check(live: () => LoadMeasurements, elapsedMs: number): string | undefined {
    if (!this.active || this.tripped.length > 0) return undefined;
    const failed = checkAbort(this.watched, live(), elapsedMs);
    if (failed.length === 0) return undefined;
    for (const result of failed) this.tripped.push({ result, atMs: elapsedMs });
    return `threshold ${failed.map((r) => r.expression).join(', ')} failed at ${(elapsedMs / 1_000).toFixed(1)}s: run stopped (abortOnFail)`;
  }
}

/** Fills `result.thresholds` and, when one failed on a run that otherwise passed, the verdict and exit code. */
export function applyThresholds(result: LoadResult, specs: readonly ThresholdSpec[], gate?: AbortGate): void {
  const evaluated = evaluateThresholds(specs, result);
  // A threshold that stopped the run failed, whatever the last numbers say (the run was cut short for it).
  for (const { result: tripped, atMs } of gate?.tripped ?? []) {
    const i = evaluated.findIndex((r) => r.expression === tripped.expression && r.source === tripped.source);
    if (i === -1) continue;
    const final = evaluated[i] as ThresholdResult;
    evaluated[i] = { ...final, ok: false, note: `stopped the run at ${(atMs / 1_000).toFixed(1)}s, measured ${tripped.measured}${final.note ? `; ${final.note}` : ''}` };
  }
  result.thresholds = evaluated;
  if (result.verdict === 'passed' && evaluated.some((r) => !r.ok)) {
    result.verdict = 'threshold-failed';
    result.exitCode = LOAD_EXIT.thresholdFailed;
  }
}
