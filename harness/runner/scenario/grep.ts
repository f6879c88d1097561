/** `--grep` and `--tag`: pick scenarios by name and by tag. */
import type { Scenario } from './model.js';

type Selectable = Pick<Scenario, 'name' | 'tags'> & Partial<Pick<Scenario, 'protocol'>>;

/**
 * A pattern is a case-insensitive regular expression (a plain word works as a substring) tested against the
 * scenario's NAME only; `tag:safety` instead matches the tag exactly (kept as a shorthand for `--tag safety`).
 * Text that is not a valid regular expression is refused (`grepProblem` says why), not guessed at.
 */
export function scenarioMatcher(pattern: string): (scenario: Pick<Scenario, 'name' | 'tags'>) => boolean {
  if (pattern.startsWith('tag:')) {
    const tag = pattern.slice('tag:'.length);
    return (scenario) => scenario.tags.includes(tag);
  }
  const problem = grepProblem(pattern);
  if (problem !== undefined) throw new RangeError(`--grep ${JSON.stringify(pattern)}: ${problem}`);
  const regex = new RegExp(pattern, 'i');
  return (scenario) => regex.test(scenario.name);
}

/** Why `pattern` cannot be a --grep (not a valid regular expression, in the engine's words), or undefined when it can. */
export function grepProblem(pattern: string): string | undefined {
  if (pattern.startsWith('tag:')) return undefined;
  try {
    new RegExp(pattern, 'i');
    return undefined;
  } catch (error) {
    // "Invalid regular expression: /(/i: Unterminated group" -> "Unterminated group"
    const detail = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
    return `not a valid regular expression (${detail}); escape special characters such as ( [ * + ? with \\`;
  }
}

/** Whether the scenario carries `tag` exactly; its protocol (`ocpp1.6`, `ocpp2.0.1`) counts as a tag. */
export function hasTag(scenario: Pick<Scenario, 'tags'> & Partial<Pick<Scenario, 'protocol'>>, tag: string): boolean {
  return scenario.tags.includes(tag) || scenario.protocol === tag;
}

export interface ScenarioFilter {
  /** Any of them must match (OR). */
  grep?: string | readonly string[];
  /** Every one must be carried (AND). */
  tags?: readonly string[];
}

/** The scenarios matching any --grep pattern AND carrying every --tag, in their order; all without filters. */
export function selectScenarios<S extends Selectable>(scenarios: readonly S[], filter: ScenarioFilter): S[] {
  const patterns = filter.grep === undefined ? [] : [filter.grep].flat();
  const matchers = patterns.map(scenarioMatcher);
  const tags = filter.tags ?? [];
  return scenarios.filter((scenario) => (matchers.length === 0 || matchers.some((matches) => matches(scenario))) && tags.every((tag) => hasTag(scenario, tag)));
}

/** The scenarios matching any of the patterns, in their order; all of them without patterns. */
export function grepScenarios<S extends Pick<Scenario, 'name' | 'tags'>>(scenarios: readonly S[], patterns: string | readonly string[] | undefined): S[] {
  const list = patterns === undefined ? [] : [patterns].flat();
  if (list.length === 0) return [...scenarios];
  const matchers = list.map(scenarioMatcher);
  return scenarios.filter((scenario) => matchers.some((matches) => matches(scenario)));
}
