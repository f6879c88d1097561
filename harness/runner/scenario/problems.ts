/** What is wrong with a scenario file, where, and what would be allowed there. */
import { ProblemsError, type Problem } from '../../../simulator/problems.js';

/** A problem (path: JSON pointer into the document, e.g. `/steps/1/fault/kind`) with where it is written. */
export interface ScenarioProblem extends Problem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** `file:line:column: path: message (allowed: a, b)`, the form editors and CI logs link from. */
export function formatProblem(problem: ScenarioProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}:`;
  const path = problem.path === '' ? '' : ` ${problem.path}:`;
  const allowed = problem.allowed && problem.allowed.length > 0 ? ` (allowed: ${problem.allowed.join(', ')})` : '';
  return `${where}${path} ${problem.message}${allowed}`;
}

export function compareProblems(a: ScenarioProblem, b: ScenarioProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** Thrown by callers that want one error for a bad suite; the CLI turns it into exit code 2. */
export class ScenarioError extends ProblemsError {
  declare readonly problems: readonly ScenarioProblem[];
  constructor(problems: readonly ScenarioProblem[]) {
    super(problems, { code: 'CD_ERR_SCENARIO' }, `invalid scenario file${problems.length === 1 ? '' : 's'}:\n  ${problems.map(formatProblem).join('\n  ')}`);
    this.name = 'ScenarioError';
  }
}

/** Renders a value in a message the way it was written: strings quoted, the rest as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
