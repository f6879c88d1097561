/**
 * Profiles by name or path. The built-ins are YAML files in `profiles/` at the package root, beside `scenarios/`:
 * data a user can read, copy and edit, validated by the same schema as their own files, and shipped the same way
 * as the default scenarios (the package publishes the repository's files; tsc does not copy YAML into dist/).
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closest } from '../../runner/scenario/spelling.js';
import { LoadProfileError, parseProfile, type CompiledProfile, type LoadRunSettings } from './compile.js';

const PROFILE_FILE = /\.ya?ml$/;

/** `profiles/` at the package root: three levels up from harness/load/profiles, four from dist/harness/load/profiles. */
export function builtinProfilesDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const up of ['../../../profiles', '../../../../profiles']) {
    const dir = join(here, up);
    if (existsSync(join(dir, 'idle.yaml'))) return dir;
  }
  throw new Error(`the built-in load profiles are missing: no profiles/idle.yaml above ${here}`);
}

export function builtinProfileNames(): string[] {
  return readdirSync(builtinProfilesDir())
    .filter((file) => PROFILE_FILE.test(file))
    .map((file) => file.replace(PROFILE_FILE, ''))
    .sort();
}

/** A path (it has a `/` or ends in .yaml/.yml) or a built-in name; throws LoadProfileError for bad input. */
export async function loadProfile(ref: string, overrides: Partial<LoadRunSettings> = {}): Promise<CompiledProfile> {
  const isPath = ref.includes('/') || ref.includes('\\') || PROFILE_FILE.test(ref);
  if (!isPath && !builtinProfileNames().includes(ref)) {
    const names = builtinProfileNames();
    const near = closest(ref, names);
    throw new LoadProfileError([{ file: ref, line: 1, column: 1, path: '', message: `no built-in load profile is named ${JSON.stringify(ref)}${near ? ` (did you mean "${near}"?)` : ''}; a file path needs a / or .yaml`, allowed: names }]);
  }
  const path = isPath ? ref : join(builtinProfilesDir(), `${ref}.yaml`);
  const shown = displayName(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new LoadProfileError([{ file: shown, line: 1, column: 1, path: '', message: `cannot read the file: ${(error as Error).message}` }]);
  }
  const parsed = parseProfile(text, shown, overrides);
  if (!parsed.ok) throw new LoadProfileError(parsed.problems);
  return parsed.profile;
}

function displayName(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') ? path : shown;
}
