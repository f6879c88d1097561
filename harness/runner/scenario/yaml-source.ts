/**
 * A YAML file kept with its node positions, so a problem found in the parsed data (by JSON pointer)
 * can be reported at the line and column where it was written.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ScenarioProblem } from './problems.js';

export interface LineColumn {
  line: number;
  column: number;
}

export interface YamlSource {
  file: string;
  data: unknown;
  /**
   * Where the value at `pointer` was written; with `key`, where that key of the map at `pointer` was
   * written. Falls back to the nearest enclosing node that exists (e.g. for a missing key).
   */
  positionOf(pointer: string, key?: string): LineColumn;
}

export type YamlResult = { ok: true; source: YamlSource } | { ok: false; problems: ScenarioProblem[] };

export function readYaml(text: string, file: string): YamlResult {
  const lineCounter = new LineCounter();
  // prettyErrors off: the position is computed here, in the same form as every other problem.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): LineColumn => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        file,
        ...at(skipIndent(text, error.pos[0])),
        path: '',
        message: `YAML syntax error: ${firstLine(error.message)}`,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // E.g. too many aliases (a "billion laughs" file): refused like a syntax error.
    return { ok: false, problems: [{ file, line: 1, column: 1, path: '', message: `YAML error: ${(error as Error).message}` }] };
  }
  return {
    ok: true,
    source: {
      file,
      data,
      positionOf: (pointer, key) => at(offsetOf(doc, pointer, key)),
    },
  };
}

/** The parser may point at a line's indentation; the first character written there is more useful. */
function skipIndent(text: string, offset: number): number {
  let at = offset;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return text[at] === '\n' || at >= text.length ? offset : at;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** RFC 6901 segments of a JSON pointer. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function offsetOf(doc: Document, pointer: string, key: string | undefined): number {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  const segments = pointerSegments(pointer);
  if (key !== undefined) segments.push(key);
  segments.forEach((segment, i) => {
    if (node === undefined) return;
    if (isAlias(node)) node = node.resolve(doc);
    const wantKey = key !== undefined && i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) {
        node = undefined;
        return;
      }
      // `kind:` with no value has a null value node: point at the key instead.
      const next = wantKey || pair.value === null ? pair.key : pair.value;
      offset = startOf(next) ?? offset;
      node = wantKey ? undefined : pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      offset = startOf(node) ?? offset;
    } else {
      node = undefined;
    }
  });
  return offset;
}

function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
