import { describe, expect, it } from 'vitest';
import { ColumnDef, effectiveSorting, RankedRow, RankOptions, rankLeaderboard, ScoreEntry, TiePolicy } from './index';
import { entry, seededRandom } from './testing/entry.fixture';

const columns: ColumnDef[] = [
  { key: 'a', sorting: 'desc' },
  { key: 'b', sorting: 'asc' },
  { key: 'c', sorting: 'desc' },
  { key: 'avgRank', sorting: 'asc', rankAggregate: 'avgRank', computationKeys: ['a', 'b', 'c'] },
];

/** Few distinct values, some missing and some failed, so that ties and gaps are common. */
function randomEntries(count: number, seed: number, distinct: number): ScoreEntry[] {
  const random = seededRandom(seed);
  const value = () => (random() < 0.1 ? null : Math.floor(random() * distinct) / distinct);
  return Array.from({ length: count }, (_, i) =>
    entry(
      `e${i}`,
      { a: value(), b: value(), c: value() },
      {
        participantId: `p${i % 97}`,
        minute: Math.floor(random() * 50),
        failed: random() < 0.03,
      },
    ),
  );
}

/** Built from the values, not from `columnRanks`: an independent notion of "equal" to check the ranks against. */
function orderKey(row: RankedRow, options: RankOptions): string {
  return [options.primaryKey, ...(options.tieBreakKeys ?? [])].map((k) => String(row.scores[k])).join('|');
}

describe('rankLeaderboard properties on random boards', () => {
  const cases: Array<[TiePolicy, RankOptions['primaryKey'], string[]]> = [
    ['dense', 'a', []],
    ['standard', 'a', []],
    ['dense', 'b', ['c']],
    ['standard', 'avgRank', ['a', 'b']],
    ['dense', 'avgRank', []],
  ];

  it.each(cases)('%s ranks on %s (tie-breaks %j)', (tiePolicy, primaryKey, tieBreakKeys) => {
    for (let seed = 1; seed <= 20; seed++) {
      const options: RankOptions = { primaryKey, tieBreakKeys, tiePolicy };
      const rows = rankLeaderboard(columns, randomEntries(300, seed, 6), options);
      const sign = effectiveSorting(columns.find((c) => c.key === primaryKey)!) === 'asc' ? 1 : -1;
      let seenNull = false;
      rows.forEach((row, i) => {
        if (row.rank === null) {
          seenNull = true;
          expect(row.scores[primaryKey]).toBeNull();
          return;
        }
        expect(seenNull).toBe(false);
        if (i === 0) {
          expect(row.rank).toBe(1);
          return;
        }
        const previous = rows[i - 1];
        const sameKey = orderKey(row, options) === orderKey(previous, options);
        // Non-decreasing; equal rows share a rank, different rows never do.
        expect(row.rank).toBe(sameKey ? previous.rank : tiePolicy === 'dense' ? previous.rank! + 1 : i + 1);
        // The primary value never gets better down the board.
        expect(sign * (row.scores[primaryKey]! - previous.scores[primaryKey]!)).toBeGreaterThanOrEqual(0);
        if (sameKey) {
          expect(Date.parse(row.submittedAt)).toBeGreaterThanOrEqual(Date.parse(previous.submittedAt));
        }
      });
    }
  });
});

describe('performance sanity', () => {
  it('ranks 5,000 entries x 3 columns + an average-rank column', () => {
    const entries = randomEntries(5000, 42, 1000);
    const start = performance.now();
    const rows = rankLeaderboard(columns, entries, { primaryKey: 'avgRank', tieBreakKeys: ['a'] });
    const elapsed = performance.now() - start;
    console.log(`rankLeaderboard: 5,000 entries x 4 columns in ${elapsed.toFixed(1)} ms`);
    expect(rows).toHaveLength(5000);
  });
});
