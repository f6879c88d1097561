/**
 * Reads a desk config file: JSON, or YAML for `.yaml` / `.yml`. Every failure (unreadable file, syntax,
 * a bad value) is one DeskConfigFileError whose message starts with the file's path.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ProblemsError, type Problem } from '../../simulator/problems.js';
import { parseDeskConfig, validateDeskConfig, type DeskConfig, type DeskConfigInput } from './config.js';

export class DeskConfigFileError extends ProblemsError {
  constructor(
    readonly path: string,
    problems: readonly Problem[],
    /** Name of the whole config, for a problem of its value; absent for one of the file itself (unreadable, bad syntax). */
    root?: string,
  ) {
    super(problems, { code: 'CD_ERR_DESK_CONFIG_FILE', heading: path, ...(root === undefined ? {} : { root }) });
    this.name = 'DeskConfigFileError';
  }
}

export async function loadDeskConfigFile(path: string): Promise<DeskConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DeskConfigFileError(path, [{ path: '', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  let input: unknown;
  try {
    input = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    // Syntax errors can span lines (YAML shows the spot): the first line says enough for one line of stderr.
    throw new DeskConfigFileError(path, [{ path: '', message: `is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const problems = validateDeskConfig(input ?? {});
  if (problems.length > 0) throw new DeskConfigFileError(path, problems, 'config');
  return parseDeskConfig((input ?? {}) as DeskConfigInput);
}
