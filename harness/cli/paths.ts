/**
 * Path flags checked before anything runs: a run that works for minutes and then cannot write its reports
 * loses them, and a CSMS that cannot open its database should say which file and which flag.
 */
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './usage.js';

/**
 * Creates `dir` if missing and proves it takes a file; returns what is wrong, or undefined. Permission bits are
 * not enough: root passes every access() check, and /proc or a read-only mount refuse anyway. Parents are made
 * one at a time because a recursive mkdir under /proc never returns.
 */
export function prepareOutputDir(dir: string): string | undefined {
  const path = resolve(dir);
  const missing: string[] = [];
  let existing = path;
  let stats = statOrUndefined(existing);
  while (stats === undefined && dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = dirname(existing);
    stats = statOrUndefined(existing);
  }
  if (stats === undefined) return 'no part of this path exists';
  if (!stats.isDirectory()) return `${existing === path ? '' : `${existing} `}is not a directory`;
  try {
    for (const part of missing) mkdirSync(part);
    const probe = join(path, `.chargedrill-write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    return `cannot write there: ${(error as Error).message}`;
  }
  return undefined;
}

/**
 * `file` is a writable file, or can be created in an existing writable directory (SQLite creates the file, not
 * its directory, and writes a journal beside it).
 */
export function writableFile(flag: string, file: string): void {
  const path = resolve(file);
  const stats = statOrUndefined(path);
  let problem: string | undefined;
  if (stats?.isDirectory()) problem = 'is a directory, not a file';
  else if (stats && !canAccess(path, constants.R_OK | constants.W_OK)) problem = 'is not readable and writable';
  else if (statOrUndefined(dirname(path)) === undefined) problem = dirProblem(dirname(path)) ?? `the directory ${dirname(path)} does not exist`;
  else problem = dirProblem(dirname(path));
  if (problem !== undefined) throw new UsageError(`--${flag} ${file}: ${problem}`);
}

/** What keeps a file from being created in `dir` or below it: its nearest existing ancestor must be a writable directory. */
function dirProblem(dir: string): string | undefined {
  let existing = dir;
  let stats = statOrUndefined(existing);
  while (stats === undefined && dirname(existing) !== existing) {
    existing = dirname(existing);
    stats = statOrUndefined(existing);
  }
  if (stats === undefined) return 'no part of this path exists';
  if (!stats.isDirectory()) return `${existing} is not a directory`;
  if (!canAccess(existing, constants.W_OK | constants.X_OK)) return `${existing} is not writable`;
  return undefined;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
