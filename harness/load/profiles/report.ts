/** Where a profile's checks put their problems: at the line and column of the key they are about. */
import type { ScenarioProblem } from '../../runner/scenario/problems.js';
import type { YamlSource } from '../../runner/scenario/yaml-source.js';

export type Report = (path: string, message: string, allowed?: readonly string[]) => void;

export function reporter(source: YamlSource, problems: ScenarioProblem[]): Report {
  return (path, message, allowed) => {
    problems.push({ file: source.file, ...source.positionOf(path), path, message, ...(allowed && allowed.length > 0 ? { allowed: [...allowed] } : {}) });
  };
}
