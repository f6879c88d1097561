import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IdTagsFileError, readIdTagsFile } from '../../../harness/cli/id-tags-file.js';

const dir = mkdtempSync(join(tmpdir(), 'chargedrill-idtags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('--id-tags file', () => {
  it('reads the lists by answer', () => {
    expect(readIdTagsFile(file('ok.yaml', 'accepted: [CDVALID01]\nblocked: [CDBLOCKED01]\nexpired: [CDEXPIRED01]\n'))).toEqual({
      accepted: ['CDVALID01'],
      blocked: ['CDBLOCKED01'],
      expired: ['CDEXPIRED01'],
    });
  });

  it('names the file, line, column and what is allowed for each problem', () => {
    const path = file('bad.yaml', 'accepted: [CDVALID01]\nbanned: [X]\nblocked: [1234567890123456789012345678901234567]\n');
    expect(() => readIdTagsFile(path)).toThrow(IdTagsFileError);
    const message = (() => {
      try {
        readIdTagsFile(path);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })().split('\n');
    expect(message).toHaveLength(2);
    expect(message[0]).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:1: .*banned`));
    expect(message[0]).toMatch(/allowed: .*accepted.*blocked.*expired.*invalid/);
    expect(message[1]).toMatch(/:3:\d+: \/blocked\/0: .*36/);
  });

  it('a missing file is named', () => {
    expect(() => readIdTagsFile(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: file not found$/);
  });
});
