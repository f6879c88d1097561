/** The case list of docs/conformance.md, generated from the registry (a test keeps the two equal). */
import { CASES } from './registry.js';

const TITLE_SOURCE = { octt: 'OCTT', summary: 'summary*', chargedrill: 'chargedrill' } as const;

export function caseTableMarkdown(): string {
  const rows = CASES.map((c) =>
    `| ${c.id} | ${c.protocol} | ${c.block} | ${c.securityProfiles ? `${c.feature} (profile ${c.securityProfiles.join(', ')})` : c.feature} | ${c.title} | ${TITLE_SOURCE[c.titleSource]} | ${c.useCases.join(', ') || '–'} | ${c.requirements.join(', ') || '–'} | ${c.preconditions.join(', ') || '–'} | ${c.validations.join('; ')} |`,
  );
  return ['| id | protocol | block | feature | title | title from | use cases | requirements | preconditions | validations |', '|---|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}
