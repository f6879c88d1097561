/**
 * `chargedrill csms --id-tags FILE`: the tokens an operator's CSMS knows, by the answer each gets, in YAML (or
 * JSON). What conformance tests and trainers need from a CSMS: a valid card, a blocked one, an expired one, and
 * one it does not know. Problems are reported as `file:line:column: /path: message (allowed: …)`.
 *
 *   accepted: [CDVALID01]        # when given, every other token is Invalid
 *   blocked: [CDBLOCKED01]
 *   expired: [CDEXPIRED01]
 *   invalid: [CDINVALID01]
 */
import { readFileSync } from 'node:fs';
import { compareProblems, formatProblem } from '../runner/scenario/problems.js';
import { compileSchema, schemaProblems } from '../runner/scenario/schema-check.js';
import { readYaml } from '../runner/scenario/yaml-source.js';
import type { IdTagLists } from '../csms/id-tags.js';
import { unreadableFile } from './usage.js';

const tokenList = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 36 }, uniqueItems: true } as const;

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { accepted: tokenList, blocked: tokenList, expired: tokenList, invalid: tokenList },
} as const;

let validate: ReturnType<typeof compileSchema> | undefined;

export class IdTagsFileError extends Error {
  override readonly name = 'IdTagsFileError';
}

/** Reads and checks an id-tags file; throws IdTagsFileError with every problem, one per line. */
export function readIdTagsFile(path: string): IdTagLists {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new IdTagsFileError(`${path}: ${unreadableFile(error)}`);
  }
  const read = readYaml(text, path);
  if (!read.ok) throw new IdTagsFileError(read.problems.map(formatProblem).join('\n'));
  validate ??= compileSchema(SCHEMA);
  const problems = schemaProblems(read.source, validate).sort(compareProblems);
  if (problems.length > 0) throw new IdTagsFileError(problems.map(formatProblem).join('\n'));
  return (read.source.data ?? {}) as IdTagLists;
}
