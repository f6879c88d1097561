import { describe, expect, it } from 'vitest';
import { Journal, JOURNAL_LIMIT } from '../../../simulator/station/journal.js';

describe('Journal', () => {
  it('spells out calls and notes as the log shows them, with their security flag', () => {
    const journal = new Journal();
    journal.note(1, 'boot Accepted', true);
    journal.call(2, { action: 'Heartbeat', latencyMs: 1, ok: true, end: 'result' });
    journal.call(3, { action: 'StatusNotification', latencyMs: 1, ok: false, end: 'error', errorCode: 'InternalError' });
    journal.call(4, { action: 'FirmwareStatusNotification', latencyMs: 1, ok: true, end: 'result' });
    journal.call(5, { action: 'FirmwareStatusNotification', latencyMs: 0, ok: false, end: 'unsent' });
    journal.note(6, 'connector 1 Available NoError', false);
    expect(journal.entries()).toEqual([
      { atMs: 1, text: 'boot Accepted', security: true },
      { atMs: 2, text: 'sent Heartbeat answered', security: false },
      { atMs: 3, text: 'sent StatusNotification failed InternalError', security: false },
      { atMs: 4, text: 'sent FirmwareStatusNotification answered', security: true },
      { atMs: 5, text: 'sent FirmwareStatusNotification failed', security: true },
      { atMs: 6, text: 'connector 1 Available NoError', security: false },
    ]);
  });

  it(`keeps the last ${JOURNAL_LIMIT} entries, oldest first`, () => {
    const journal = new Journal();
    const total = JOURNAL_LIMIT * 2 + 5;
    for (let i = 0; i < total; i++) journal.note(i, `entry ${i}`, i % 2 === 0);
    const entries = journal.entries();
    expect(entries).toHaveLength(JOURNAL_LIMIT);
    expect(entries.map((e) => e.atMs)).toEqual(Array.from({ length: JOURNAL_LIMIT }, (_, i) => total - JOURNAL_LIMIT + i));
    expect(entries[0]).toEqual({ atMs: total - JOURNAL_LIMIT, text: `entry ${total - JOURNAL_LIMIT}`, security: (total - JOURNAL_LIMIT) % 2 === 0 });
  });

  it('reads back every entry in order while its ring grows, entry by entry and then by doubling', () => {
    const journal = new Journal();
    const expected: { atMs: number; text: string; security: boolean }[] = [];
    for (let i = 0; i < JOURNAL_LIMIT + 3; i++) {
      const security = i % 3 === 0;
      journal.note(i + 0.5, `connector 1 Available ${i}`, security, i % 2 === 0);
      expected.push({ atMs: i + 0.5, text: `connector 1 Available ${i}`, security });
      expect(journal.entries()).toEqual(expected.slice(-JOURNAL_LIMIT));
    }
  });
});

