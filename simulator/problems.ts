/**
 * Bad input as data: every validator of chargedrill (fault parameters, detector, playbook, webhooks and
 * desk config, scenario files) returns `Problem`s, so callers re-root or re-word them without parsing
 * text, and one function renders them as the line a person reads:
 *
 *   { path: '/playbook/ladders/stuck-finishing/0', message: '"reboot" is not allowed', allowed: ['trigger-status', …] }
 *   → playbook.ladders.stuck-finishing[0]: "reboot" is not allowed, expected one of trigger-status, …
 */

export interface Problem {
  /** JSON pointer (RFC 6901) into the input that was checked, e.g. `/playbook/ladders/stuck-finishing/0`; '' for the input itself. */
  path: string;
  message: string;
  /** What would be accepted here: one description ("a number > 0"), or the allowed values. */
  allowed?: string[];
}

/** A JSON pointer from its segments: `pointer('ladders', 'stuck-finishing', 0)` → `/ladders/stuck-finishing/0`. */
export function pointer(...segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The problems of a part, re-rooted at where the part sits in the whole. */
export function under(at: string, problems: readonly Problem[]): Problem[] {
  return problems.map((problem) => ({ ...problem, path: `${at}${problem.path}` }));
}

function segmentsOf(path: string): string[] {
  return path === '' ? [] : path.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A pointer as a person writes the key: `/ladders/stuck-finishing/0` → `ladders.stuck-finishing[0]`. */
export function keyOf(path: string): string {
  return segmentsOf(path).reduce((key, segment) => (/^\d+$/.test(segment) ? `${key}[${segment}]` : key === '' ? segment : `${key}.${segment}`), '');
}

/** "expected X" for one allowed description, "expected one of X, Y" for a list of values. */
export function expectedText(allowed: readonly string[]): string {
  return allowed.length === 1 ? `expected ${allowed[0] as string}` : `expected one of ${allowed.join(', ')}`;
}

/**
 * `key: message, expected …`. A problem of the whole input (path '') is named `root` when given
 * ("config: [] is not allowed, …"), else shown without a key ("cannot be read (ENOENT)").
 */
export function renderProblem(problem: Problem, root?: string): string {
  const key = problem.path === '' ? root : keyOf(problem.path);
  const allowed = problem.allowed && problem.allowed.length > 0 ? `, ${expectedText(problem.allowed)}` : '';
  return `${key === undefined ? '' : `${key}: `}${problem.message}${allowed}`;
}

export interface ProblemsErrorOptions {
  /** Stable code of docs/codes.md. */
  code: string;
  /** What was refused ("invalid desk config"), before the problems. */
  heading?: string;
  /** Name of the whole input, for problems at path ''. */
  root?: string;
  /** 'inline': one line, problems joined by '; ' (for a CLI's one line of stderr); 'lines': one indented line per problem. */
  layout?: 'inline' | 'lines';
}

/** Renders a list of problems the way ProblemsError's message shows them. */
export function renderProblems(problems: readonly Problem[], options: Omit<ProblemsErrorOptions, 'code'> = {}): string {
  const lines = problems.map((problem) => renderProblem(problem, options.root));
  if (options.layout === 'lines') return `${options.heading ?? 'invalid input'}:\n  ${lines.join('\n  ')}`;
  return `${options.heading === undefined ? '' : `${options.heading}: `}${lines.join('; ')}`;
}

/** Refused input: every problem at once, as data (`problems`) and as text (`message`). */
export class ProblemsError extends Error {
  readonly code: string;
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[], options: ProblemsErrorOptions, message = renderProblems(problems, options)) {
    super(message);
    this.name = 'ProblemsError';
    this.code = options.code;
    this.problems = problems;
  }
}
