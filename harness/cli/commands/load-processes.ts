/**
 * `chargedrill load --processes N`: the run split into N shards, each a child process of the same CLI
 * (`load --shard i/N --url ...`), against one CSMS (the user's `--url`, or the bundled one this parent starts).
 * Children send their LiveProgress over IPC; the parent shows one live line of their sum and merges their
 * results with `chargedrill merge`'s code (harness/load/merge.ts). Ctrl-C is forwarded once to every child
 * (they are in their own process group, so the terminal's signal reaches the parent only); what the children
 * wrote is merged and the run exits 130. docs/load.md "Shards, merge and --processes".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOAD_EXIT, type LiveProgress, type LoadResult } from '../../load/result.js';
import { UsageError } from '../usage.js';
import { loadFlags } from './load-flags.js';
import { LOAD_CHILD_ENV } from './load-shard-flags.js';

/** Ctrl-C before any shard wrote a result: nothing to merge, exit 130. */
export class InterruptedBeforeResults extends Error {
  override readonly name = 'InterruptedBeforeResults';
}

/** Flags the parent keeps for itself: it writes the reports, compares, and owns the bundled CSMS. */
const PARENT_ONLY = new Set(['processes', 'out', 'format', 'json', 'compare', 'tolerance', 'url', 'in-process', 'desk', 'metrics-port', 'csms-api']);

export interface ProcessesRun {
  processes: number;
  argv: Record<string, unknown>;
  /** The user's --url; without it the bundled CSMS is started here. */
  url: string | undefined;
  /** The bundled CSMS runs its desk: the children watch its issues for detection latency (--csms-api). */
  desk: boolean;
  /** Where the bundled CSMS runs when this parent starts it. */
  bundled: 'child-process' | 'in-process';
  startCsms: () => Promise<{ ocppUrl: string; url: string; close: () => Promise<void> } | undefined>;
  say: (line: string) => void;
  onProgress: (progress: LiveProgress) => void;
  signal: AbortSignal;
}

/** Refuses what cannot be shared by N processes, before anything starts. */
export function checkProcessesFlags(argv: Record<string, unknown>): void {
  for (const flag of ['metrics-port', 'control-port']) {
    if (argv[flag] !== undefined) {
      throw new UsageError(`--${flag} cannot be combined with --processes: every child would need its own port; run shards with --shard i/n, each with its own --${flag}`);
    }
  }
}

/** The child's command line: the parent's flags as parsed (so a profile's settings are read the same way). Exported for tests. */
export function childArgs(argv: Record<string, unknown>, shard: number, count: number, url: string, out: string, csmsApi: string | undefined): string[] {
  const args: string[] = [];
  for (const flag of Object.keys(loadFlags)) {
    const value = argv[flag];
    if (value === undefined || PARENT_ONLY.has(flag)) continue;
    // A limit of the whole run: each of the `count` processes takes its share, as it takes its share of the ramp.
    if (flag === 'max-connecting') {
      args.push(`--${flag}=${Math.ceil(Number(value) / count)}`);
      continue;
    }
    for (const one of [value].flat()) args.push(typeof one === 'boolean' ? (one ? `--${flag}` : `--no-${flag}`) : `--${flag}=${String(one)}`);
  }
  return [...args, `--shard=${shard + 1}/${count}`, `--url=${url}`, `--out=${out}`, '--format=json', ...(csmsApi !== undefined ? [`--csms-api=${csmsApi}`] : [])];
}

/** The children's latest progress as one line: counts summed, the slowest p99 so far (an upper bound). */
export function sumProgress(parts: readonly (LiveProgress | undefined)[]): LiveProgress | undefined {
  const known = parts.filter((p): p is LiveProgress => p !== undefined);
  if (known.length === 0) return undefined;
  const sum = (pick: (p: LiveProgress) => number) => known.reduce((n, p) => n + pick(p), 0);
  const p99s = known.map((p) => p.p99SoFarMs).filter((ms): ms is number => ms !== null);
  return {
    elapsedS: Math.max(...known.map((p) => p.elapsedS)),
    stage: (known[0] as LiveProgress).stage,
    stations: sum((p) => p.stations),
    connected: sum((p) => p.connected),
    booted: sum((p) => p.booted),
    callsPerS: Math.round(sum((p) => p.callsPerS) * 100) / 100,
    calls: sum((p) => p.calls),
    errors: sum((p) => p.errors),
    p99SoFarMs: p99s.length === 0 ? null : Math.max(...p99s),
    sessionsActive: sum((p) => p.sessionsActive),
  };
}

export async function runProcesses(run: ProcessesRun): Promise<LoadResult> {
  const csms = run.url === undefined ? await run.startCsms() : undefined;
  const url = run.url ?? (csms?.ocppUrl as string);
  const dir = mkdtempSync(join(tmpdir(), 'chargedrill-processes-'));
  const children: ChildProcess[] = [];
  // A child says it is ready once its Ctrl-C handler is in place: a SIGINT before that would kill it without a result.
  const ready = new Set<ChildProcess>();
  const killAll = () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
  let interrupted = false;
  const onAbort = () => {
    interrupted = true;
    for (const child of ready) if (child.exitCode === null) child.kill('SIGINT');
  };
  try {
    if (run.signal.aborted) throw new InterruptedBeforeResults('interrupted before the shards started: no result');
    run.say(`chargedrill: load against ${url}${csms ? ' (bundled, own process)' : ''} in ${run.processes} processes`);
    process.once('exit', killAll);
    const typescript = import.meta.url.endsWith('.ts');
    const main = fileURLToPath(new URL(`../main.${typescript ? 'ts' : 'js'}`, import.meta.url));
    const progress: (LiveProgress | undefined)[] = new Array(run.processes).fill(undefined);
    const lastLines: string[][] = Array.from({ length: run.processes }, () => []);
    const exits = Array.from({ length: run.processes }, (_, i) => {
      const out = join(dir, `shard-${i + 1}`);
      const env: NodeJS.ProcessEnv = { ...process.env, [LOAD_CHILD_ENV]: '1' };
      delete env.JOB_COMPLETION_INDEX;
      const child = spawn(process.execPath, [...(typescript ? ['--import', 'tsx'] : []), main, 'load', ...childArgs(run.argv, i, run.processes, url, out, run.desk ? csms?.url : undefined)], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        detached: true,
        env,
      });
      children.push(child);
      child.on('message', (message: { ready?: boolean; progress?: LiveProgress }) => {
        if (!ready.has(child)) {
          ready.add(child);
          if (interrupted) child.kill('SIGINT');
        }
        if (message.progress === undefined) return;
        progress[i] = message.progress;
        const sum = sumProgress(progress);
        if (sum !== undefined) run.onProgress(sum);
      });
      let pending = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          (lastLines[i] as string[]).push(line);
          if (!/^chargedrill: (reports written|load against)/.test(line)) run.say(`[shard ${i + 1}/${run.processes}] ${line}`);
        }
      });
      return new Promise<{ code: number | null; out: string }>((resolve) => child.on('close', (code) => resolve({ code, out })));
    });
    if (run.signal.aborted) onAbort();
    run.signal.addEventListener('abort', onAbort, { once: true });
    const ended = await Promise.all(exits);
    const merged = await collect(ended, lastLines, interrupted);
    // The children ran against a --url; the run as the user asked for it is this parent's.
    merged.parameters = { ...merged.parameters, csms: csms ? run.bundled : 'external', desk: csms ? run.desk : false, argv: process.argv.slice(2) };
    return merged;
  } finally {
    run.signal.removeEventListener('abort', onAbort);
    process.off('exit', killAll);
    killAll();
    await csms?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads what the children wrote and merges it; a child that ended without a result fails the run (or is missing, when interrupted). */
async function collect(ended: { code: number | null; out: string }[], lastLines: string[][], interrupted: boolean): Promise<LoadResult> {
  const [{ mergeResults }, { parseLoadResult }] = await Promise.all([import('../../load/merge.js'), import('../../load/compare.js')]);
  const count = ended.length;
  const named = ended.flatMap(({ out }) => {
    const file = join(out, 'result.json');
    return existsSync(file) ? [{ file, result: parseLoadResult(readFileSync(file, 'utf8'), file) }] : [];
  });
  const silent = ended.map((e, i) => ({ ...e, i, last: (lastLines[i] as string[]).at(-1) })).filter((e) => !existsSync(join(e.out, 'result.json')));
  // A child refused its input (exit 2) before it ran: the same input refuses the whole run.
  const refused = silent.find((e) => e.code === 2);
  if (refused !== undefined && !interrupted) throw new UsageError(`shard ${refused.i + 1}/${count}: ${(refused.last ?? 'bad input').replace(/^chargedrill: /, '').replace(/ \(see chargedrill --help\)$/, '')}`);
  if (named.length === 0 && interrupted) throw new InterruptedBeforeResults('interrupted before any shard wrote a result');
  if (named.length === 0) throw new Error(`no shard wrote a result: ${silent.map((e) => `shard ${e.i + 1}/${count} exited with ${e.code}${e.last ? ` (${e.last})` : ''}`).join('; ')}`);
  const merged = mergeResults(named, { partial: true });
  if (silent.length > 0 && !interrupted) {
    // Missing shards of a run nobody stopped: the run failed, it was not interrupted.
    merged.failures.splice(0, 1, ...silent.map((e) => `shard ${e.i + 1}/${count} exited with ${e.code} without a result${e.last ? `: ${e.last}` : ''}`));
    merged.verdict = 'run-failed';
    merged.exitCode = LOAD_EXIT.runFailed;
  }
  return merged;
}
