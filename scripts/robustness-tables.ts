/** Prints the generated tables of docs/robustness.md (fuzz cases, chaos keys) to paste into the page. */
import { chaosKeysTable, fuzzCasesTable } from '../harness/fuzz/docs-table.js';

process.stdout.write(`${fuzzCasesTable()}\n\n${chaosKeysTable()}\n`);
