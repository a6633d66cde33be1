import { describe, expect, it } from 'vitest';
import { formatAge, formatStatus } from '../../src/cli/db-command.js';
import type { VulnDbStatus } from '../../src/vulndb/index.js';

const status: VulnDbStatus = {
  present: true,
  schemaVersion: 1,
  importedAt: '2026-11-29T06:00:00.000Z',
  newestModified: '2026-11-26T06:00:00Z',
  sources: ['/data/osv'],
  recordsByEcosystem: { npm: 3, PyPI: 2, Ubuntu: 4 },
  records: 9,
  withdrawn: 1,
  bundledNotices: 0,
  invalid: 0,
  invalidSamples: [],
};

describe('db status output', () => {
  it('says how old the data is in words a person reads', () => {
    expect(formatAge(60_000)).toBe('1 minute');
    expect(formatAge(90 * 60_000)).toBe('90 minutes');
    expect(formatAge(5 * 3_600_000)).toBe('5 hours');
    expect(formatAge(3 * 86_400_000)).toBe('3 days');
  });

  it('lists import time, age of the newest record, counts per ecosystem and sources', () => {
    const text = formatStatus(status, Date.parse('2026-11-29T06:00:00Z'));
    expect(text).toContain('imported at:      2026-11-29T06:00:00.000Z');
    expect(text).toContain('newest record:    2026-11-26T06:00:00Z (3 days old)');
    expect(text).toContain('records:          9 (withdrawn skipped: 1, invalid: 0)');
    expect(text).toMatch(/ {2}PyPI {12}2\n {2}Ubuntu {10}4\n {2}npm {13}3\n/);
    expect(text).toContain('  /data/osv');
  });

  it('tells how to get a database when none is loaded', () => {
    expect(formatStatus({ ...status, present: false }, 0)).toMatch(/no vulnerability database: run .*db import/);
  });
});
