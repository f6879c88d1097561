/**
 * The tables of docs/robustness.md, generated from the fuzz catalogue and the chaos spec keys; a test keeps
 * the page equal to them (`npx tsx scripts/robustness-tables.ts` prints them).
 */
import { CHAOS_SPEC_KEYS } from '../../simulator/transport/chaos.js';
import { FUZZ_CASES } from './catalogue.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function fuzzCasesTable(): string {
  const rows = FUZZ_CASES.map((c) => `| \`${c.name}\` | ${cell(c.title)} | ${cell(c.expects('ocpp1.6'))} | ${cell(c.expects('ocpp2.0.1'))} |`);
  return ['| case | hostile input | expected answer, OCPP 1.6 | expected answer, OCPP 2.0.1 |', '|---|---|---|---|', ...rows].join('\n');
}

export function chaosKeysTable(): string {
  const kinds = { duration: 'duration', percent: 'percent or fraction', integer: 'whole number' } as const;
  const rows = Object.entries(CHAOS_SPEC_KEYS).map(([key, spec]) => `| \`${key}\` | ${kinds[spec.kind]} | ${spec.sets.map((s) => `\`${s}\``).join(', ')} | ${cell(spec.describe)} |`);
  return ['| key | value | ChaosOptions | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
