import { describe, expect, it } from 'vitest';
import { buildTrend } from '../../src/routes/trend.js';
import type { RepositoryMatchRow } from '../../src/store/index.js';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const counts = (high: number) => ({ critical: 0, high, medium: 1, low: 0, unspecified: 0 });

let seq = 0;
const row = (
  imageSeq: number,
  kind: RepositoryMatchRow['kind'],
  at: number,
  high: number | null,
  platform: RepositoryMatchRow['platform'] = AMD64,
): RepositoryMatchRow => ({
  seq: ++seq,
  imageSeq,
  digest: `sha256:${String(imageSeq).repeat(64).slice(0, 64)}`,
  platform,
  kind,
  at,
  counts: high === null ? null : counts(high),
});

describe('buildTrend', () => {
  it('follows the latest image: its first match, then its re-matches; older images’ re-matches are not points', () => {
    const points = buildTrend(
      [
        row(1, 'analysis', 1000, 5),
        row(1, 'rematch', 2000, 6),
        row(2, 'analysis', 3000, 2),
        row(1, 'rematch', 4000, 7), // v1 is no longer the latest
        row(2, 'rematch', 4000, 3),
      ],
      AMD64,
    );
    expect(points.map((p) => [p.at, p.digest.slice(7, 8), p.high])).toEqual([
      ['1970-01-01T00:00:01.000Z', '1', 5],
      ['1970-01-01T00:00:02.000Z', '1', 6],
      ['1970-01-01T00:00:03.000Z', '2', 2],
      ['1970-01-01T00:00:04.000Z', '2', 3],
    ]);
    expect(points[0]).toEqual({
      at: '1970-01-01T00:00:01.000Z',
      digest: `sha256:${'1'.repeat(64)}`,
      critical: 0,
      high: 5,
      medium: 1,
      low: 0,
      unspecified: 0,
    });
  });

  it('makes an image the latest at its analysis even without a database, and plots its first real match', () => {
    const points = buildTrend(
      [row(1, 'analysis', 1000, 4), row(2, 'analysis', 2000, null), row(2, 'rematch', 3000, 1)],
      AMD64,
    );
    expect(points.map((p) => [p.digest.slice(7, 8), p.high])).toEqual([
      ['1', 4],
      ['2', 1],
    ]);
  });

  it('follows one platform only, so an index’s platforms do not zigzag the line', () => {
    const history = [
      row(1, 'analysis', 1000, 5, AMD64),
      row(2, 'analysis', 1001, 9, ARM64),
      row(2, 'rematch', 2000, 10, ARM64),
      row(1, 'rematch', 2000, 6, AMD64),
    ];
    expect(buildTrend(history, AMD64).map((p) => p.high)).toEqual([5, 6]);
    expect(buildTrend(history, ARM64).map((p) => p.high)).toEqual([9, 10]);
    expect(buildTrend([row(3, 'analysis', 1, 1, null)], null).map((p) => p.high)).toEqual([1]);
  });

  it('keeps the newest 500 points', () => {
    const history = [row(1, 'analysis', 0, 0)];
    for (let i = 1; i <= 700; i++) history.push(row(1, 'rematch', i * 1000, i));
    const points = buildTrend(history, AMD64);
    expect(points).toHaveLength(500);
    expect(points[0]?.high).toBe(201);
    expect(points[499]?.high).toBe(700);
  });
});
