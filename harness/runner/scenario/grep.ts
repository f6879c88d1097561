/** `--grep`: pick scenarios by name or tag. */
import type { Scenario } from './model.js';

/**
 * A pattern is a case-insensitive regular expression (a plain word works as a substring), tested
 * against the name and each tag; `tag:safety` matches the tag exactly. Text that is not a valid
 * regular expression is matched literally.
 */
export function scenarioMatcher(pattern: string): (scenario: Pick<Scenario, 'name' | 'tags'>) => boolean {
  if (pattern.startsWith('tag:')) {
    const tag = pattern.slice('tag:'.length);
    return (scenario) => scenario.tags.includes(tag);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'i');
  } catch {
    regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
  return (scenario) => regex.test(scenario.name) || scenario.tags.some((tag) => regex.test(tag));
}

/** The scenarios matching any of the patterns, in their order; all of them without patterns. */
export function grepScenarios<S extends Pick<Scenario, 'name' | 'tags'>>(scenarios: readonly S[], patterns: string | readonly string[] | undefined): S[] {
  const list = patterns === undefined ? [] : [patterns].flat();
  if (list.length === 0) return [...scenarios];
  const matchers = list.map(scenarioMatcher);
  return scenarios.filter((scenario) => matchers.some((matches) => matches(scenario)));
}
