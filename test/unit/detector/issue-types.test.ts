import { describe, expect, it } from 'vitest';
import { ISSUE_TYPES } from '../../../harness/detector/types.js';

describe('the issue type table', () => {
  const rows = Object.entries(ISSUE_TYPES);

  it('gives every issue type a stable code of the form CD-Innn', () => {
    for (const [, info] of rows) expect(info.code).toMatch(/^CD-I\d{3}$/);
  });

  it('never gives two issue types the same code', () => {
    const codes = rows.map(([, info]) => info.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('documents every issue type in one line', () => {
    for (const [, info] of rows) {
      expect(info.description.length).toBeGreaterThan(10);
      expect(info.description).not.toContain('\n');
    }
  });

  it('rates safety faults, site outages and network-wide failures critical', () => {
    expect(ISSUE_TYPES['safety-fault'].severity).toBe('critical');
    expect(ISSUE_TYPES['site-outage'].severity).toBe('critical');
    expect(ISSUE_TYPES['network-authorization-failures'].severity).toBe('critical');
  });
});
