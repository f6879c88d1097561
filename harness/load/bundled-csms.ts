/**
 * The bundled CSMS of a load run without --url. By default in its own process (`chargedrill csms`), so it
 * never eats the fleet's file-descriptor budget or CPU; `in-process` keeps the old mode for tests.
 *
 * The child writes one JSON line `{ url, ocppUrl }` to fd 3 once listening (`--ready-fd 3`) and stops when
 * the other end of that pipe closes, which happens however the parent ends, SIGKILL included.
 * It learns the fleet's cards from a file (`--accept-tokens`), as an operator's CSMS knows its cards: any
 * other token is Invalid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ScaledClock } from '../../simulator/clock.js';
import { startReferenceCsms } from '../reference-csms.js';
import { CERT_FILES } from '../security/cert-files.js';
import { embeddedCsmsSecurity, type FleetSecurityOptions } from '../security/fleet-security.js';

export interface BundledCsmsOptions {
  mode: 'child-process' | 'in-process';
  desk: boolean;
  timeScale: number;
  /** Tokens the CSMS accepts; every other one is Invalid. */
  acceptedTokens: readonly string[];
  /** The fleet's security profile: the CSMS checks the same (its certificate from `certsDir`). */
  security?: FleetSecurityOptions;
  /** The CSMS's SQLite file [default ':memory:'] (benchmarks measure the file store with it). */
  dbPath?: string;
}

export interface BundledCsms {
  ocppUrl: string;
  /** HTTP base URL of its API. */
  url: string;
  close(): Promise<void>;
  /**
   * A child-process CSMS only: SIGKILLs it (no goodbye to any station, its buffered writes lost) and resolves once
   * it is gone; `restart` then starts a new one on the same database, port and flags (harness/load/csms-crash.ts).
   */
  kill?(): Promise<void>;
  restart?(): Promise<void>;
}

/** How long the child may take to say it is listening. */
const READY_TIMEOUT_MS = 30_000;

export async function startBundledCsms(options: BundledCsmsOptions): Promise<BundledCsms> {
  if (options.mode === 'in-process') {
    const clock = new ScaledClock({ timeScale: options.timeScale });
    const security = options.security && (await embeddedCsmsSecurity(options.security));
    const { csms } = await startReferenceCsms({
      clock,
      port: 0,
      dbPath: options.dbPath ?? ':memory:',
      idTags: { accepted: options.acceptedTokens },
      ...(security !== undefined && { security }),
      ...(options.desk ? {} : { desk: false }),
    });
    return { ocppUrl: csms.ocppUrl, url: csms.url, close: () => csms.close() };
  }
  return startChild(options);
}

async function startChild(options: BundledCsmsOptions): Promise<BundledCsms> {
  const dir = mkdtempSync(join(tmpdir(), 'chargedrill-load-'));
  const tokensFile = join(dir, 'tokens.txt');
  writeFileSync(tokensFile, `${options.acceptedTokens.join('\n')}\n`);
  // Under tsx (tests) the CLI is a .ts file and needs the loader; built, it is plain .js.
  const typescript = import.meta.url.endsWith('.ts');
  const main = fileURLToPath(new URL(`../cli/main.${typescript ? 'ts' : 'js'}`, import.meta.url));
  const args = [
    ...(typescript ? ['--import', 'tsx'] : []),
    main,
    'csms',
    '--host', '127.0.0.1',
    '--db', options.dbPath ?? ':memory:',
    '--time-scale', String(options.timeScale),
    '--log-level', 'error',
    '--accept-tokens', tokensFile,
    '--ready-fd', '3',
    ...(options.desk ? [] : ['--no-desk']),
    ...securityArgs(options.security),
  ];
  // Its own process group: a Ctrl-C at the terminal reaches the run, which then stops the CSMS after the fleet.
  // The Basic auth secret goes by environment, not on a command line other users can read.
  const env = options.security?.authSecret === undefined ? process.env : { ...process.env, CHARGEDRILL_AUTH_SECRET: options.security.authSecret };
  const launch = async (portArgs: string[]) => {
    const child = spawn(process.execPath, [...args, ...portArgs], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'], detached: true, env });
    const control = child.stdio[3] as Readable;
    try {
      return { child, control, ready: await readyLine(child, control) };
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  };
  let running: Awaited<ReturnType<typeof launch>> | undefined;
  try {
    running = await launch(['--port', '0']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const first = running.ready;
  // A restart listens where the stations already connect: the same port (the kernel frees it with the process).
  const portArgs = ['--port', new URL(first.url).port];
  let closing: Promise<void> | undefined;
  return {
    ocppUrl: first.ocppUrl,
    url: first.url,
    close: () => (closing ??= (running === undefined ? Promise.resolve() : stopChild(running.child, running.control)).finally(() => rmSync(dir, { recursive: true, force: true }))),
    kill: async () => {
      const gone = running;
      running = undefined;
      if (gone === undefined || gone.child.exitCode !== null || gone.child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        gone.child.once('exit', () => resolve());
        gone.child.kill('SIGKILL');
      });
      gone.control.destroy();
    },
    restart: async () => {
      if (running !== undefined) throw new Error('the bundled CSMS is still running: kill it before a restart');
      if (closing !== undefined) throw new Error('the bundled CSMS was closed');
      running = await launch(portArgs);
    },
  };
}

/** The `chargedrill csms` flags of the fleet's profile: its certificate and the CA from the certs directory. */
function securityArgs(security: FleetSecurityOptions | undefined): string[] {
  if (security === undefined || security.profile === 0) return [];
  const args = ['--security-profile', String(security.profile)];
  if (security.profile < 2) return args;
  if (security.certsDir === undefined) throw new RangeError(`the bundled CSMS needs its certificate for profile ${security.profile}: give --certs (a chargedrill certs directory)`);
  const ca = security.caPath ?? join(security.certsDir, CERT_FILES.caCert);
  return [...args, '--tls-cert', join(security.certsDir, CERT_FILES.csmsCert), '--tls-key', join(security.certsDir, CERT_FILES.csmsKey), '--tls-ca', ca];
}

function readyLine(child: ChildProcess, control: Readable): Promise<{ url: string; ocppUrl: string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`the bundled CSMS did not start within ${READY_TIMEOUT_MS / 1_000}s`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const newline = text.indexOf('\n');
      if (newline === -1) return;
      cleanup();
      try {
        const parsed = JSON.parse(text.slice(0, newline)) as { url?: unknown; ocppUrl?: unknown };
        if (typeof parsed.url !== 'string' || typeof parsed.ocppUrl !== 'string') throw new Error(`no url/ocppUrl in ${text}`);
        resolve({ url: parsed.url, ocppUrl: parsed.ocppUrl });
      } catch (error) {
        reject(new Error(`the bundled CSMS sent an unreadable ready line: ${(error as Error).message}`));
      }
    };
    const onExit = (code: number | null) => fail(new Error(`the bundled CSMS exited with code ${code} before it was listening`));
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      control.off('data', onData);
      child.off('exit', onExit);
    };
    control.on('data', onData);
    child.on('exit', onExit);
  });
}

/** Closing our end of the control pipe tells the child to stop; SIGKILL if it has not after a while. */
function stopChild(child: ChildProcess, control: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    control.destroy();
  });
}
